/** Block ciphers through node:crypto, ISO/IEC 9797-1 MACs, key check values and the PBOC purse's keys and MACs. */
export { des, desFamily, sm4, tdes, type BlockCipher } from './block-cipher.ts';
export { CryptoInputError } from './errors.ts';
export { keyCheckValue } from './key-check-value.ts';
export { macAlgorithm1, macAlgorithm3, type MacOptions } from './mac.ts';
export { pad, type PaddingMethod } from './padding.ts';
export { diversifyKey, foldTacKey, purseMac, sessionKey } from './purse.ts';
