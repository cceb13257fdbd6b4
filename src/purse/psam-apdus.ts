import { concatBytes, uintBytes } from '../core/hex.ts';
import { commandApdu } from '../reader/apdu.ts';
import type { PurchaseInit } from './card-apdus.ts';

/** The PSAM's commands a purchase uses. [docs/purse/psam.md; psam_hsm.md §2] */

/** READ BINARY of MF EF 16 (SFI 16, P1 = 0x80 | 0x16): the 6-byte terminal number. */
export const readTerminalNumber = (): Uint8Array => commandApdu(0x00, 0xb0, 0x96, 0x00, undefined, 0x06);

/** INIT SAM FOR PURCHASE → terminal transaction seq (4) ‖ MAC1 (4). */
export function initSamForPurchase(init: PurchaseInit, amount: number, type: number, dateTime: Uint8Array, factors: Uint8Array): Uint8Array {
  const seq = Uint8Array.of(init.offlineSeq >> 8, init.offlineSeq & 0xff);
  return commandApdu(0x80, 0x70, 0x00, 0x00, concatBytes(init.random, seq, uintBytes(amount, 4), Uint8Array.of(type), dateTime, Uint8Array.of(init.keyVersion, init.algorithm), factors), 0x08);
}

/** CREDIT SAM FOR PURCHASE: 9000 when the card's MAC2 is right. */
export const creditSamForPurchase = (mac2: Uint8Array): Uint8Array => commandApdu(0x80, 0x72, 0x00, 0x00, mac2);
