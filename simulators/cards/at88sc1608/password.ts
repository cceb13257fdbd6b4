import { passwordFromIndex } from '../../../src/cards/at88sc1608/commands.ts';
import { pacAddress, passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { PAC_FULL, spendAttempt } from '../../../src/cards/at88-i2c/attempts-counter.ts';
import { CYCLE, NACK, ack, type Outcome } from '../at88-i2c/outcome.ts';
import type { ChipCore } from './core.ts';

/** [0971G p12] FF when correct, else one more bit written to 0 (the lowest 1, as CryptoRF codes it). */
export function nextPac(pac: number, correct: boolean): number {
  return correct ? PAC_FULL : spendAttempt(pac);
}

/**
 * Verify Password [AT88SC1608 0971G p12 Fig. 10]: index `****rppp` and 3 password bytes, then a
 * non-volatile write cycle updates the password's PAC. A locked password (PAC 00, "the 8 bits of
 * the attempts counter have been written") is not taken into account [0971H §10]: no cycle, no
 * change. Presenting a password replaces the active one, right or wrong; only one is active at a
 * time [0971H §9.1]. A correct code erases the PAC (update to FF), a wrong one only writes a bit,
 * so the Eeprom rule fixes what a power loss leaves.
 */
export function verifyPassword(core: ChipCore, bytes: Uint8Array): Outcome {
  if (bytes.length !== 5) return NACK;
  const ref = passwordFromIndex(bytes[1] ?? 0);
  const pacAt = pacAddress(ref);
  const pac = core.config.cells[pacAt] ?? 0;
  if (pac === 0) return ack();
  const stored = core.config.read(passwordAddress(ref), 3);
  const correct = stored.every((value, i) => value === bytes[2 + i]);
  core.session.active = null;
  core.config.program(pacAt, core.nextPac(pac, correct), correct ? 'update' : 'write');
  if (correct) core.session.active = ref;
  return CYCLE;
}
