import { des, tdes } from './block-cipher.ts';
import { CryptoInputError } from './errors.ts';
import { macAlgorithm1 } from './mac.ts';

/**
 * The cryptography of the PBOC electronic deposit / electronic purse, as cards, PSAMs and issuer
 * hosts compute it (verified against a real card trace: vectors/crypto/pboc-purse.json).
 */

/**
 * The purse MAC (MAC1, MAC2, TAC): single-DES CBC-MAC under an 8-byte key, zero IV, padding method 2
 * (80 then zeros, always), the left 4 bytes. [ISO/IEC 9797-1 MAC algorithm 1; PBOC 2.0 e-purse]
 */
export function purseMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 8) throw new CryptoInputError('purse MAC key', key.length, 'not 8 (a session key, or a folded TAC key)');
  return macAlgorithm1(des(key), data, { padding: 2 }).slice(0, 4);
}

/**
 * A purchase or load session (process) key: the card's 16-byte purchase or load key encrypts 8 bytes
 * with 3DES-EDE, ECB. Purchase input: pseudo-random (4) ‖ offline sequence (2) ‖ the low 2 bytes of
 * the terminal transaction sequence; load: pseudo-random (4) ‖ online sequence (2) ‖ 80 00.
 */
export function sessionKey(cardKey: Uint8Array, input: Uint8Array): Uint8Array {
  if (input.length !== 8) throw new CryptoInputError('session key input', input.length, 'not 8');
  return tdes(cardKey).encryptEcb(input);
}

/** The 8-byte single-DES key the TAC is computed with: the left and right halves of the 16-byte TAC key, XORed. */
export function foldTacKey(tacKey: Uint8Array): Uint8Array {
  if (tacKey.length !== 16) throw new CryptoInputError('TAC key', tacKey.length, 'not 16');
  return tacKey.subarray(0, 8).map((byte, i) => byte ^ tacKey[8 + i]!);
}

/**
 * One level of key dispersion (diversification): with the 16-byte master key, the left half of the
 * derived key is 3DES(MK, factor) and the right half 3DES(MK, NOT factor). The factor is 8 bytes
 * (usually the rightmost 8 bytes of the application serial number); two-level dispersion repeats it.
 */
export function diversifyKey(masterKey: Uint8Array, factor: Uint8Array): Uint8Array {
  if (factor.length !== 8) throw new CryptoInputError('dispersion factor', factor.length, 'not 8');
  const cipher = tdes(masterKey);
  const out = new Uint8Array(16);
  out.set(cipher.encryptEcb(factor), 0);
  out.set(cipher.encryptEcb(factor.map((byte) => ~byte & 0xff)), 8);
  return out;
}
