import type { TransmissionProtocol } from '../../../src/cards/cpu/cpu-card.ts';

/** Historical bytes of a card whose profile gives none: "STBPAYCPU", a proprietary format (first byte not 00, 10 or 80) [ISO/IEC 7816-4 §8.1.1]. */
export const DEFAULT_HISTORICAL_BYTES = Uint8Array.from(Buffer.from('STBPAYCPU', 'ascii'));

/**
 * The Answer To Reset of each personality [ISO/IEC 7816-3 §8]. Direct convention (TS = 3B), default
 * Fi/Di (no TA1).
 * - T=0: `3B 6k 00 00 hist`: TB1 = 00 (no programming voltage), TC1 = 00 (no extra guard time). Only
 *   T=0 is offered, so there is no TCK [§8.2.5].
 * - T=1: `3B 8k 81 31 FE 45 hist TCK`: TD1 = 81 (T=1, TD2 follows), TD2 = 31 (T=1, TA3 and TB3
 *   follow), TA3 = FE (IFSC 254), TB3 = 45 (BWI 4, CWI 5); TCK makes the XOR of T0 … TCK zero.
 */
export function buildAtr(protocol: TransmissionProtocol, historical: Uint8Array = DEFAULT_HISTORICAL_BYTES): Uint8Array {
  if (historical.length > 15) throw new RangeError(`an ATR holds at most 15 historical bytes, got ${historical.length}`);
  const k = historical.length;
  if (protocol === 'T=0') return Uint8Array.of(0x3b, 0x60 | k, 0x00, 0x00, ...historical);
  const body = [0x80 | k, 0x81, 0x31, 0xfe, 0x45, ...historical];
  return Uint8Array.of(0x3b, ...body, checkCharacter(body));
}

/** TCK: the XOR of every byte from T0 up to the last historical byte [ISO/IEC 7816-3 §8.2.5]. */
export function checkCharacter(bytesFromT0: readonly number[] | Uint8Array): number {
  let tck = 0;
  for (const b of bytesFromT0) tck ^= b;
  return tck;
}
