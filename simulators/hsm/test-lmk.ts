import { parseHex } from '../../src/core/hex.ts';
import type { KeyTypeCode } from '../../src/hsm/keys.ts';

/**
 * The TEST LMK set of the payment-HSM simulators: public values, printed in simulator sources, so
 * nothing protected by them is secret. Never use them for a real key. Pairs 00-01 … 30-31 as
 * saruman1972/hsm-simu `Configure.py` lists them. [psam_hsm.md §4.2]
 */
export const TEST_LMK_PAIRS: Readonly<Record<string, string>> = {
  '00-01': '0101010101010101 7902CD1FD36EF8BA',
  '02-03': '2020202020202020 3131313131313131',
  '04-05': '4040404040404040 5151515151515151',
  '06-07': '6161616161616161 7070707070707070',
  '08-09': '8080808080808080 9191919191919191',
  '10-11': 'A1A1A1A1A1A1A1A1 B0B0B0B0B0B0B0B0',
  '12-13': 'C1C1010101010101 D0D0010101010101',
  '14-15': 'E0E0010101010101 F1F1010101010101',
  '16-17': '1C587F1C13924FEF 0101010101010101',
  '20-21': '0202020202020202 0404040404040404',
  '22-23': '0707070707070707 1010101010101010',
  '24-25': '1313131313131313 1515151515151515',
  '26-27': '1616161616161616 1919191919191919',
  '28-29': '1A1A1A1A1A1A1A1A 1C1C1C1C1C1C1C1C',
  '30-31': '2323232323232323 2525252525252525',
};

/**
 * Which LMK pair holds each key type: a different pair for every type, so a key presented as the
 * wrong type decrypts to other bytes (and, for DES types, usually fails parity). Our assignment;
 * ZMKs on 04-05 as payShield does. [psam_hsm.md §4.2]
 */
export const LMK_PAIR_OF: Readonly<Record<KeyTypeCode, string>> = {
  '000': '04-05',
  '008': '26-27',
  '00A': '30-31',
  '401': '08-09',
  '402': '10-11',
  '403': '12-13',
  '411': '20-21',
  '412': '22-23',
  '413': '24-25',
  '420': '28-29',
};

/** The 16-byte 3DES key of an LMK pair. */
export function lmkPairKey(pairs: Readonly<Record<string, string>>, pair: string): Uint8Array {
  const text = pairs[pair];
  if (text === undefined) throw new RangeError(`no LMK pair ${pair}`);
  return parseHex(text, `LMK pair ${pair}`);
}
