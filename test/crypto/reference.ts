import type { BlockCipher } from '../../src/crypto/index.ts';

/**
 * Independent, deliberately plain re-statements of the definitions, for properties to compare the
 * implementation against: chaining by hand over single-block ECB calls, padding byte by byte. They
 * share only the block cipher with src/crypto (which the known-answer vectors prove).
 */

export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ (b[i] ?? 0));
}

/** [ISO/IEC 9797-1 §6.3.2] 80, then 00 until the length is a multiple of the block. */
export function referencePad2(data: Uint8Array, blockSize: number): Uint8Array {
  const out = [...data, 0x80];
  while (out.length % blockSize !== 0) out.push(0);
  return Uint8Array.from(out);
}

/** [ISO/IEC 9797-1 §6.3.1] 00 until a positive multiple of the block (empty data: one zero block). */
export function referencePad1(data: Uint8Array, blockSize: number): Uint8Array {
  const out = [...data];
  while (out.length === 0 || out.length % blockSize !== 0) out.push(0);
  return Uint8Array.from(out);
}

/** [FIPS 81 CBC] C(i) = E(P(i) XOR C(i-1)), C(0) = IV, one ECB call per block. */
export function referenceCbc(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  let previous = iv;
  for (let offset = 0; offset < data.length; offset += cipher.blockSize) {
    previous = cipher.encryptEcb(xor(data.subarray(offset, offset + cipher.blockSize), previous));
    out.set(previous, offset);
  }
  return out;
}

/** CBC-MAC: the last block of referenceCbc over the padded data, IV zero. */
export function referenceCbcMac(cipher: BlockCipher, padded: Uint8Array): Uint8Array {
  const chain = referenceCbc(cipher, new Uint8Array(cipher.blockSize), padded);
  return chain.subarray(chain.length - cipher.blockSize);
}
