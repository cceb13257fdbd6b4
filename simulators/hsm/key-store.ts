import { bytesEqual } from '../../src/core/hex.ts';
import { desFamily, keyCheckValue, sm4, tdes, type BlockCipher } from '../../src/crypto/index.ts';
import { HsmRefusal } from '../../src/hsm/errors.ts';
import { KEY_TYPES, SCHEME_BYTES, type KeyScheme, type KeyToken, type KeyTypeCode } from '../../src/hsm/keys.ts';
import { hasOddParity } from './parity.ts';
import { LMK_PAIR_OF, TEST_LMK_PAIRS, lmkPairKey } from './test-lmk.ts';

/** The cipher a clear key of a scheme keys: SM4 for `G`, DES or 3DES by length otherwise. */
export function cipherOf(scheme: KeyScheme, clear: Uint8Array): BlockCipher {
  return scheme === 'G' ? sm4(clear) : desFamily(clear);
}

/** A key's check value: its cipher encrypts a block of zeros, the left 3 bytes. */
export function checkValueOf(scheme: KeyScheme, clear: Uint8Array): Uint8Array {
  return keyCheckValue(cipherOf(scheme, clear), 3);
}

/**
 * Holds the HSM's master key set and moves keys in and out of it: a key of type T travels as
 * 3DES-ECB(LMK pair of T, clear key) (or under a ZMK the same way), so a clear key never leaves.
 * Unwrapping checks the scheme against the type (`12`) and parity where the type asks (`10`).
 */
export class KeyStore {
  private readonly lmk: Readonly<Record<KeyTypeCode, BlockCipher>>;
  readonly lmkCheckValue: Uint8Array;

  constructor(pairs: Readonly<Record<string, string>> = TEST_LMK_PAIRS) {
    const entries = Object.entries(LMK_PAIR_OF).map(([type, pair]) => [type, tdes(lmkPairKey(pairs, pair))] as const);
    this.lmk = Object.fromEntries(entries) as Record<KeyTypeCode, BlockCipher>;
    this.lmkCheckValue = keyCheckValue(tdes(lmkPairKey(pairs, '00-01')), 8);
  }

  /** A clear key of a type, as it leaves: under the type's LMK pair. */
  wrap(keyType: KeyTypeCode, scheme: KeyScheme, clear: Uint8Array): KeyToken {
    return { scheme, cryptogram: this.lmk[keyType].encryptEcb(clear) };
  }

  /** The clear key of a token held under the LMK, checked for its type. */
  unwrap(keyType: KeyTypeCode, token: KeyToken, field: string): Uint8Array {
    checkScheme(keyType, token.scheme, field);
    return checked(keyType, token.scheme, this.lmk[keyType].decryptEcb(token.cryptogram), field);
  }

  /** A ZMK held under the LMK, as the cipher that wraps keys for the zone. */
  zoneCipher(zmk: KeyToken, field = 'ZMK'): BlockCipher {
    return tdes(this.unwrap('000', zmk, field));
  }
}

/** Refuses a scheme the type does not take (a ZMK must be 3DES, a purse key two-key 3DES). */
export function checkScheme(keyType: KeyTypeCode, scheme: KeyScheme, field: string): void {
  if (!KEY_TYPES[keyType].schemes.includes(scheme)) {
    throw new HsmRefusal('12', field, `scheme ${scheme} (${SCHEME_BYTES[scheme]} bytes) is not allowed for key type ${keyType}, only ${KEY_TYPES[keyType].schemes.join(', ')}`);
  }
}

/** Refuses a DES key (not SM4) of a parity-checked type whose bytes do not all have odd parity. */
export function checked(keyType: KeyTypeCode, scheme: KeyScheme, clear: Uint8Array, field: string): Uint8Array {
  if (scheme !== 'G' && KEY_TYPES[keyType].oddParity && !hasOddParity(clear)) throw new HsmRefusal('10', field, `key of type ${keyType} fails odd parity`);
  return clear;
}

/** Refuses a key whose check value is not the one given with it. */
export function checkKcv(scheme: KeyScheme, clear: Uint8Array, given: Uint8Array, field = 'KCV'): void {
  if (!bytesEqual(checkValueOf(scheme, clear), given)) throw new HsmRefusal('11', field, 'the key check value does not match the key');
}
