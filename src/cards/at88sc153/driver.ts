import { systemClock, type Clock } from '../../core/clock.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import {
  CONFIG,
  FUSE,
  PAGE_SIZE,
  PASSWORD_LENGTH,
  USER_ZONES,
  ZONE_SIZE,
  pacAddress,
  readConfigZone,
  readFuses as readFusesCommand,
  readUserZone,
  verifyPassword as verifyPasswordCommand,
  writeConfigZone,
  writeFuses,
  writeUserZone,
  type FuseName,
  type PasswordRef,
} from './commands.ts';
import { At88sc153RangeError, FuseNotBlownError, LastAttemptError, NoAcknowledgeError, PasswordLockedError } from './errors.ts';

/**
 * Host side of the AT88SC153 at chip level, as a reader's firmware drives it. Every command is
 * ACK-polled: while the chip runs its self-timed write cycle it NACKs, and the driver sleeps on
 * `clock` and sends again [1016 p12 "ACK polling"; sqf-ice at88sc153.c retries the command byte].
 */
export interface DriverOptions {
  /** The clock to sleep on between polls; use the card's clock for an emulated card. */
  readonly clock?: Clock;
  /** Pause between two polls, ms (default 1). */
  readonly pollIntervalMs?: number;
  /** Give up after this long, ms (default 50: five times the 10 ms write cycle). */
  readonly pollTimeoutMs?: number;
}

export interface VerifyOptions extends DriverOptions {
  /** Present the password even when only one attempt is left. */
  readonly insist?: boolean;
}

export interface VerifyResult {
  readonly verified: boolean;
  /** Attempts left after this verification (1 bits in the counter). */
  readonly attemptsLeft: number;
  readonly pac: number;
}

/** Sends a command, sending it again while the chip NACKs (busy), until it is acknowledged. */
export async function send(card: SynchronousCard, command: ChipCommand, options: DriverOptions = {}): Promise<ChipResponse> {
  const clock = options.clock ?? systemClock;
  const interval = options.pollIntervalMs ?? 1;
  const timeout = options.pollTimeoutMs ?? 50;
  const started = clock.now();
  for (;;) {
    const response = await card.execute(command);
    if (response.acknowledged) return response;
    const waited = clock.now() - started;
    if (waited >= timeout) throw new NoAcknowledgeError(command.bytes, waited);
    await clock.sleep(interval);
  }
}

/** Polls with a harmless Read Configuration Zone until the write cycle in progress has ended. */
export async function waitReady(card: SynchronousCard, options: DriverOptions = {}): Promise<void> {
  await send(card, readConfigZone(CONFIG.answerToReset, 1), options);
}

function checkRange(field: string, address: number, length: number): void {
  if (!Number.isInteger(address) || address < 0 || !Number.isInteger(length) || length < 0 || address + length > ZONE_SIZE) {
    throw new At88sc153RangeError(field, `${length} byte(s) at ${address} do not fit in a ${ZONE_SIZE}-byte zone`);
  }
}

function checkZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= USER_ZONES) {
    throw new At88sc153RangeError('zone', `user zone ${zone} does not exist (0..${USER_ZONES - 1})`);
  }
}

export async function readZone(card: SynchronousCard, zone: number, address: number, length: number, options: DriverOptions = {}): Promise<Uint8Array> {
  checkZone(zone);
  checkRange('user zone read', address, length);
  return (await send(card, readUserZone(zone, address, length), options)).data;
}

export async function readConfig(card: SynchronousCard, address: number, length: number, options: DriverOptions = {}): Promise<Uint8Array> {
  checkRange('configuration read', address, length);
  return (await send(card, readConfigZone(address, length), options)).data;
}

/**
 * Splits `data` on 8-byte page boundaries (the chip rolls over inside a page, so a write crossing
 * one would wrap onto the page start [1016 "8-byte page write"]) and sends one Write per page,
 * each after the previous write cycle has ended; returns once the last cycle is over.
 */
async function writePaged(
  card: SynchronousCard,
  address: number,
  data: Uint8Array,
  encode: (address: number, chunk: Uint8Array) => ChipCommand,
  options: DriverOptions,
): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const at = address + offset;
    const chunk = data.subarray(offset, offset + (PAGE_SIZE - (at % PAGE_SIZE)));
    await send(card, encode(at, chunk), options);
    offset += chunk.length;
  }
  if (data.length > 0) await waitReady(card, options);
}

export async function writeZone(card: SynchronousCard, zone: number, address: number, data: Uint8Array, options: DriverOptions = {}): Promise<void> {
  checkZone(zone);
  checkRange('user zone write', address, data.length);
  await writePaged(card, address, data, (at, chunk) => writeUserZone(zone, at, chunk), options);
}

export async function writeConfig(card: SynchronousCard, address: number, data: Uint8Array, options: DriverOptions = {}): Promise<void> {
  checkRange('configuration write', address, data.length);
  await writePaged(card, address, data, writeConfigZone, options);
}

export function attemptsLeft(pac: number): number {
  let count = 0;
  for (let bit = 0; bit < 8; bit++) if (pac & (1 << bit)) count++;
  return count;
}

/**
 * The datasheet's two-pass password verification [1016 p12 Figure 9]: the first Verify Password
 * writes a 0 bit into the password's attempts counter, the second compares; ACK polling with $BD
 * then reads the counter, $FF when the password was right. Refuses (LastAttemptError) when only one
 * attempt is left unless `insist`, and when the counter is exhausted (PasswordLockedError). The
 * password is sent both times, as production drivers do (sqf-ice at88sc153_verify_passwd).
 */
export async function verifyPassword(card: SynchronousCard, ref: PasswordRef, password: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (password.length !== PASSWORD_LENGTH) {
    throw new At88sc153RangeError('password', `an AT88SC153 password is ${PASSWORD_LENGTH} bytes, got ${password.length}`);
  }
  const pacAt = pacAddress(ref);
  const before = (await readConfig(card, pacAt, 1, options))[0] ?? 0;
  const left = attemptsLeft(before);
  if (left === 0) throw new PasswordLockedError(ref, before);
  if (left === 1 && !options.insist) throw new LastAttemptError(ref, before);
  await send(card, verifyPasswordCommand(ref, password), options);
  await send(card, verifyPasswordCommand(ref, password), options);
  const pac = (await send(card, readConfigZone(pacAt, 1), options)).data[0] ?? 0;
  return { verified: pac === 0xff, attemptsLeft: attemptsLeft(pac), pac };
}

/** Fuse byte as the chip reports it: bit = 1 while the fuse is intact. */
export async function readFuses(card: SynchronousCard, options: DriverOptions = {}): Promise<number> {
  return (await send(card, readFusesCommand(), options)).data[0] ?? 0;
}

/**
 * Blows one fuse (irreversible) and checks that it took; the chip ignores a fuse out of order
 * (FAB, then CMA, then PER) or without the secure code verified.
 */
export async function blowFuse(card: SynchronousCard, fuse: FuseName, options: DriverOptions = {}): Promise<number> {
  await send(card, writeFuses(fuse), options);
  await waitReady(card, options);
  const fuses = await readFuses(card, options);
  if (fuses & FUSE[fuse]) throw new FuseNotBlownError(fuse, fuses);
  return fuses;
}
