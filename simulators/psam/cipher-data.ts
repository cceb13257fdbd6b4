import { des, foldTacKey, tdes } from '../../src/crypto/index.ts';
import { appAnswer, type AppAnswer, type AppCommand } from '../cards/application-apdu.ts';
import { KEY_USAGE } from './profile.ts';
import { PSAM_SW } from './status-words.ts';

/** The key DELIVERY KEY dispersed, and the MAC chaining value of a MAC computed over several commands. */
export interface Delivered {
  readonly usage: number;
  readonly key: Uint8Array;
  /** Set between a first (07) or next (03) MAC block and the last (01). */
  readonly chain?: Uint8Array;
}

/**
 * CIPHER DATA `80 FA P1 00 Lc`: P1 00 encrypt (last or only), 02 encrypt (more follow); 05 MAC of a
 * single command, 07 first, 03 next, 01 last. For a MAC the first command's data starts with the
 * 8-byte initial value and the caller has padded the data (80 00…). Encryption is 3DES-ECB under the
 * delivered key. The MAC is a CBC-MAC: under a TAC key (usage 0C) single DES with its halves XORed,
 * so that a TAC can be recomputed; under any other key single DES with the left half and the last
 * block finished with 3DES (ISO 9797-1 MAC algorithm 3). [psam_hsm.md §2.4]
 */
export function cipherData(command: AppCommand, delivered: Delivered | undefined): { answer: AppAnswer; delivered?: Delivered } {
  if (!delivered) return { answer: appAnswer(PSAM_SW.conditionsNotSatisfied) };
  const { p1, data } = command;
  if (p1 === 0x00 || p1 === 0x02) {
    if (data.length === 0 || data.length % 8 !== 0) return { answer: appAnswer(PSAM_SW.wrongLength), delivered };
    return { answer: appAnswer(PSAM_SW.ok, tdes(delivered.key).encryptEcb(data)), delivered };
  }
  if (p1 !== 0x05 && p1 !== 0x07 && p1 !== 0x03 && p1 !== 0x01) return { answer: appAnswer(PSAM_SW.wrongP1P2), delivered };
  // a first block starts a new MAC (whatever chain was left); a next or last block needs one
  const first = p1 === 0x05 || p1 === 0x07;
  if (!first && delivered.chain === undefined) return { answer: appAnswer(PSAM_SW.conditionsNotSatisfied), delivered };
  const iv = first ? data.slice(0, 8) : delivered.chain!;
  const blocks = first ? data.slice(8) : data;
  if (blocks.length === 0 || blocks.length % 8 !== 0) return { answer: appAnswer(PSAM_SW.wrongLength), delivered: { usage: delivered.usage, key: delivered.key } };
  const tac = delivered.usage === KEY_USAGE.tac;
  const chainCipher = des(tac ? foldTacKey(delivered.key) : delivered.key.subarray(0, 8));
  const chained = chainCipher.encryptCbc(iv, blocks);
  const last = chained.slice(chained.length - 8);
  if (p1 === 0x07 || p1 === 0x03) return { answer: appAnswer(PSAM_SW.ok), delivered: { ...delivered, chain: last } };
  const mac = tac ? last : des(delivered.key.subarray(0, 8)).encryptEcb(des(delivered.key.subarray(8, 16)).decryptEcb(last));
  return { answer: appAnswer(PSAM_SW.ok, mac.slice(0, 4)), delivered: { usage: delivered.usage, key: delivered.key } };
}
