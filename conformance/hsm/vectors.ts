import { concatBytes, parseHex } from '../../src/core/hex.ts';
import { tdes } from '../../src/crypto/index.ts';
import type { KeyToken } from '../../src/hsm/keys.ts';

/**
 * The clear keys and golden values the HSM suite works with. The suite cannot know the target's
 * LMK, so it only ever brings keys in through A4 (clear components) or A6 (under a ZMK it formed
 * itself), and checks what comes out against values it computes with src/crypto or the published
 * vectors below.
 */

/** The ZMK of docs/hsm.md §6 (A4 example): two components, odd parity, clear 022046648AA8CEEC FBD9BF9D73513715. */
export const ZMK_COMPONENTS = [parseHex('0123456789ABCDEF FEDCBA9876543210'), parseHex('0303030303030303 0505050505050505')] as const;
export const ZMK_CLEAR = ZMK_COMPONENTS[0].map((b, i) => b ^ ZMK_COMPONENTS[1][i]!);

/** A clear key under the suite's ZMK, as a key sender would send it (docs/hsm.md §5.3: 3DES-ECB under the clear ZMK). */
export function underZmk(scheme: KeyToken['scheme'], clear: Uint8Array): KeyToken {
  return { scheme, cryptogram: tdes(ZMK_CLEAR).encryptEcb(clear) };
}

/** The MAC and data key of docs/hsm.md §6 (odd parity), also the SM4 key of GB/T 32907-2016 Appendix A. */
export const TEST_KEY = parseHex('0123456789ABCDEF FEDCBA9876543210');

/** GB/T 32907-2016 Appendix A example 1: SM4 of the key above under itself. */
export const SM4_EXAMPLE_CIPHERTEXT = parseHex('681EDF34D206965E 86B3E94F536E4246');

/**
 * The real-card load of psam_hsm.md §1.8 A: the Changsha metro card (ConardLKL/ChangSha@2c2754fc,
 * `t1_initAndActive.py` keys, `t2_load.txt` log). The keys are the card's own, already dispersed.
 */
export const CHANGSHA_CARD = {
  dlk: parseHex('374598B5C0B0EAE1E1D06609AC5BB369'),
  dtk: parseHex('CAA6025290114BFCC3C9043F70F7A07A'),
};

export const CHANGSHA_LOAD = {
  random: parseHex('CDEF4F20'),
  onlineSeq: parseHex('0000'),
  balance: parseHex('00000000'),
  amount: parseHex('00001C37'),
  transactionType: 0x02,
  terminal: parseHex('000001000050'),
  hostDate: '20140825',
  hostTime: '103100',
};

export const CHANGSHA_GOLDEN = { seslk: parseHex('3C05F429713D0188'), mac1: parseHex('06B1BEF5'), mac2: parseHex('0641DCD8'), tac: parseHex('ED0F8755') };

/** The card's MAC1 input: balance ‖ amount ‖ type ‖ terminal. [psam_hsm.md §1.3] */
export const CHANGSHA_MAC1_INPUT = concatBytes(CHANGSHA_LOAD.balance, CHANGSHA_LOAD.amount, Uint8Array.of(CHANGSHA_LOAD.transactionType), CHANGSHA_LOAD.terminal);

/** The card's load TAC input: balance after ‖ online seq before ‖ amount ‖ type ‖ terminal ‖ date ‖ time. [psam_hsm.md §1.3] */
export const CHANGSHA_TAC_INPUT = parseHex('00001C37 0000 00001C37 02 000001000050 20140825 103100');

/** Flips the low bit of byte `index`: the one-byte change a MAC must catch. */
export function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}
