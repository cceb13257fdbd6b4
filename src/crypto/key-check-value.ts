import type { BlockCipher } from './block-cipher.ts';
import { CryptoInputError } from './errors.ts';

/**
 * A key check value: the key encrypts one block of zeros, and the first `length` bytes of the result
 * are shown (3 by convention in payment HSMs, the whole block in some key ceremonies).
 */
export function keyCheckValue(cipher: BlockCipher, length = 3): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > cipher.blockSize) {
    throw new CryptoInputError('key check value length', length, `not 1..${cipher.blockSize}`);
  }
  return cipher.encryptEcb(new Uint8Array(cipher.blockSize)).slice(0, length);
}
