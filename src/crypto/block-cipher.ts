import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concatBytes } from '../core/hex.ts';
import { CryptoInputError } from './errors.ts';

/**
 * A block cipher with its key, in ECB and CBC, without padding (the callers pad as their standard
 * says). Backed by node:crypto (OpenSSL), never by hand-written rounds.
 */
export interface BlockCipher {
  /** `DES`, `3DES-2KEY`, `3DES-3KEY` or `SM4`. */
  readonly name: string;
  /** Bytes per block: 8 for DES and 3DES, 16 for SM4. */
  readonly blockSize: 8 | 16;
  encryptEcb(data: Uint8Array): Uint8Array;
  decryptEcb(data: Uint8Array): Uint8Array;
  encryptCbc(iv: Uint8Array, data: Uint8Array): Uint8Array;
  decryptCbc(iv: Uint8Array, data: Uint8Array): Uint8Array;
}

/**
 * Single DES. OpenSSL 3 keeps plain DES in its legacy provider only, which Node does not load; DES
 * is 3DES-EDE with K1 = K2, since E(K, D(K, E(K, x))) = E(K, x) [NIST SP 800-67 §3.1 keying option 3].
 */
export function des(key: Uint8Array): BlockCipher {
  if (key.length !== 8) throw new CryptoInputError('DES key', key.length, 'not 8');
  return nodeCipher('DES', 'des-ede', concatBytes(key, key), 8);
}

/** 3DES (TDEA) EDE: a 16-byte key is two-key (K1 ‖ K2, K3 = K1), a 24-byte key three-key. [NIST SP 800-67] */
export function tdes(key: Uint8Array): BlockCipher {
  if (key.length === 16) return nodeCipher('3DES-2KEY', 'des-ede', key, 8);
  if (key.length === 24) return nodeCipher('3DES-3KEY', 'des-ede3', key, 8);
  throw new CryptoInputError('3DES key', key.length, 'not 16 (two-key) or 24 (three-key)');
}

/** SM4, 128-bit block and key. [GB/T 32907-2016] */
export function sm4(key: Uint8Array): BlockCipher {
  if (key.length !== 16) throw new CryptoInputError('SM4 key', key.length, 'not 16');
  return nodeCipher('SM4', 'sm4', key, 16);
}

/** 8 bytes: DES; 16 or 24: 3DES. The keys of a PBOC purse and a PSAM are DES-family keys of these lengths. */
export function desFamily(key: Uint8Array): BlockCipher {
  return key.length === 8 ? des(key) : tdes(key);
}

function nodeCipher(name: string, family: 'des-ede' | 'des-ede3' | 'sm4', key: Uint8Array, blockSize: 8 | 16): BlockCipher {
  const keyCopy = Uint8Array.from(key);
  const run = (mode: 'ecb' | 'cbc', decrypt: boolean, iv: Uint8Array | null, data: Uint8Array): Uint8Array => {
    if (data.length % blockSize !== 0) throw new CryptoInputError(`${name} data`, data.length, `not a multiple of the ${blockSize}-byte block`);
    if (iv !== null && iv.length !== blockSize) throw new CryptoInputError(`${name} IV`, iv.length, `not ${blockSize}`);
    const algorithm = `${family}-${mode}`;
    const cipher = decrypt ? createDecipheriv(algorithm, keyCopy, iv) : createCipheriv(algorithm, keyCopy, iv);
    cipher.setAutoPadding(false);
    return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
  };
  return {
    name,
    blockSize,
    encryptEcb: (data) => run('ecb', false, null, data),
    decryptEcb: (data) => run('ecb', true, null, data),
    encryptCbc: (iv, data) => run('cbc', false, iv, data),
    decryptCbc: (iv, data) => run('cbc', true, iv, data),
  };
}
