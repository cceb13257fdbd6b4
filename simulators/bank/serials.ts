import { BankEmulatorError, BankSettingError } from './errors.ts';

/** A BANKSERIAL is 1–20 letters and digits. [bank-interface §3] */
const MAX_SERIAL = 20;
const SEQUENCE_DIGITS = 6;
const MAX_PREFIX = MAX_SERIAL - 8 - SEQUENCE_DIGITS;

/**
 * BANKSERIALs unique per (BANKCODE, TXDATE) [bank-interface §3]: the date, a run prefix, then a
 * sequence per date from 1, six digits wide (more once past 999999; the prefix has a fixed length,
 * so a longer serial never equals a shorter one). Without a prefix the first serial of 2026-11-23 is
 * `20261123000001`, as in §8. One generator serves one bank; connections of that bank share it.
 * The prefix keeps runs apart: a BOSS answers a repeated (BANKCODE, TXDATE, BANKSERIAL) from its
 * store [§5], so a second run against the same database and date needs another prefix.
 */
export class SerialGenerator {
  private readonly last = new Map<string, number>();

  constructor(readonly prefix = '') {
    if (!/^[A-Za-z0-9]*$/.test(prefix) || prefix.length > MAX_PREFIX) {
      throw new BankSettingError('serialPrefix', `"${prefix}" must be 0 to ${MAX_PREFIX} letters and digits`);
    }
  }

  /** The next serial of `date` (YYYYMMDD). */
  next(date: string): string {
    const sequence = (this.last.get(date) ?? 0) + 1;
    const serial = `${date}${this.prefix}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
    if (serial.length > MAX_SERIAL) {
      throw new BankEmulatorError('serialsExhausted', `no BANKSERIAL left for ${date} with prefix "${this.prefix}": ${serial} is over ${MAX_SERIAL} characters`);
    }
    this.last.set(date, sequence);
    return serial;
  }

  /** How many serials of `date` were handed out. */
  used(date: string): number {
    return this.last.get(date) ?? 0;
  }
}

/** A prefix of `length` base-36 characters, from a number (a seed, the time of day). */
export function base36Prefix(value: number, length: number): string {
  const modulo = 36 ** length;
  return (((Math.floor(value) % modulo) + modulo) % modulo).toString(36).toUpperCase().padStart(length, '0');
}
