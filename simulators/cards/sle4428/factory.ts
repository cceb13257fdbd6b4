import { SLE4428_SIZE } from '../../../src/cards/sle4428/commands.ts';
import { PROTECTION_BYTES } from './memory.ts';

/**
 * Bytes 0..7 of a blank card: the ATR and the rest of the manufacturer header, written and
 * protected at the factory. "92 23 10 91 FF FF 81 13" is what a hobby simulator uses (cards_readers
 * §1.2, not independently verified); that addresses 0..7 are fixed at the factory is stated by a
 * card vendor [yktchina §8]. Infineon's own factory contents beyond the ATR were not found.
 */
export const FACTORY_HEADER = Uint8Array.of(0x92, 0x23, 0x10, 0x91, 0xff, 0xff, 0x81, 0x13); // starts with SLE4428_ATR

/** Everything else erased (FF), unprotected; counter FF = 8 attempts [ACR38 §9.3.5]. */
export function factoryContents(): { memory: Uint8Array; protection: Uint8Array } {
  const memory = new Uint8Array(SLE4428_SIZE).fill(0xff);
  memory.set(FACTORY_HEADER, 0);
  const protection = new Uint8Array(PROTECTION_BYTES).fill(0xff);
  protection[0] = 0x00; // bits 0..7 = addresses 0..7 protected
  return { memory, protection };
}
