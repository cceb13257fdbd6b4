import { des, type BlockCipher } from './block-cipher.ts';
import { CryptoInputError } from './errors.ts';
import { pad, type PaddingMethod } from './padding.ts';

export interface MacOptions {
  readonly padding: PaddingMethod;
  /** The chaining value before the first block; zeros when absent. */
  readonly iv?: Uint8Array;
}

/**
 * MAC algorithm 1: CBC-MAC, the last block of the CBC encryption of the padded data, whole (truncate
 * as the caller's standard says). [ISO/IEC 9797-1:2011 §7.2, final iteration 1, output transformation 1]
 */
export function macAlgorithm1(cipher: BlockCipher, data: Uint8Array, options: MacOptions): Uint8Array {
  const chained = cipher.encryptCbc(options.iv ?? new Uint8Array(cipher.blockSize), pad(data, cipher.blockSize, options.padding));
  return chained.slice(chained.length - cipher.blockSize);
}

/**
 * MAC algorithm 3, the retail MAC of ANSI X9.19: CBC-MAC with single DES under K (the left half of a
 * 16-byte key), then the last block decrypted under K' (the right half) and encrypted under K again.
 * [ISO/IEC 9797-1:2011 §7.4, output transformation 3]
 */
export function macAlgorithm3(key: Uint8Array, data: Uint8Array, options: MacOptions): Uint8Array {
  if (key.length !== 16) throw new CryptoInputError('MAC algorithm 3 key', key.length, 'not 16 (K ‖ K\')');
  const k = des(key.subarray(0, 8));
  const kPrime = des(key.subarray(8, 16));
  const last = macAlgorithm1(k, data, options);
  return k.encryptEcb(kPrime.decryptEcb(last));
}
