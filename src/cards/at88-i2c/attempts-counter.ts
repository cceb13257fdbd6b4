/**
 * The password attempts counter (PAC) of both parts: eight bits, one 1 per attempt left. A wrong
 * presentation writes one more bit to 0, the lowest 1 (FF, FE, FC, … 80, 00: the order CryptoRF
 * 5276 tabulates); once all 8 are written the password is no longer taken into account
 * [0971H §10; 1016 p9, p12]. A right one erases the counter back to FF.
 *
 * The reference models (model.ts of conformance/cards/at88sc153 and at88sc1608) deliberately do not
 * use `spendAttempt`: they compute the counter on their own, so that a fault here shows as a
 * disagreement with them.
 */
export const PAC_ATTEMPTS = 8;

/** The counter of a password with every attempt left (and after the right password). */
export const PAC_FULL = 0xff;

/** Attempts left: the 1 bits of the counter byte. */
export function attemptsLeft(pac: number): number {
  let count = 0;
  for (let v = pac & 0xff; v !== 0; v &= v - 1) count++;
  return count;
}

/** The counter after one more wrong attempt: its lowest 1 bit written to 0. */
export function spendAttempt(pac: number): number {
  return pac & (pac - 1) & 0xff;
}
