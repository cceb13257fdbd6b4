import { LedgerRuleError } from './errors.ts';
import type { SerialSpec } from './records.ts';

/** Digits of the per-(prefix, date) sequence in a BOSS serial. */
export const SERIAL_SEQUENCE_DIGITS = 8;

/**
 * `prefix + date + 8-digit sequence`, e.g. `B2026112300000001` (the §8 example on a fresh seed).
 * [brief: B payments, R reversals, A agreements, I invoices, W withholding postings]
 */
export function formatSerial(spec: SerialSpec, sequence: number): string {
  if (!/^[A-Z]$/.test(spec.prefix)) throw new LedgerRuleError('serial.prefix', `'${spec.prefix}' is not one capital letter`);
  if (!/^[0-9]{8}$/.test(spec.date)) throw new LedgerRuleError('serial.date', `'${spec.date}' is not YYYYMMDD`);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= 10 ** SERIAL_SEQUENCE_DIGITS) {
    throw new LedgerRuleError('serial.sequence', `${sequence} does not fit ${SERIAL_SEQUENCE_DIGITS} digits for ${spec.prefix}${spec.date}`);
  }
  return `${spec.prefix}${spec.date}${String(sequence).padStart(SERIAL_SEQUENCE_DIGITS, '0')}`;
}
