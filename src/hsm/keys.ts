/**
 * Key schemes and key types of the stbpay HSM (docs/hsm.md §5). A key leaves the HSM only as a
 * cryptogram: under the HSM's master key (LMK) or under a zone master key, never in clear.
 */

/** The letter before a key cryptogram says how long the clear key is and which cipher it keys. */
export type KeyScheme = 'Z' | 'U' | 'T' | 'G';

export const SCHEME_BYTES: Readonly<Record<KeyScheme, number>> = { Z: 8, U: 16, T: 24, G: 16 };

/** `Z` single DES, `U` two-key 3DES, `T` three-key 3DES, `G` SM4 (our letter: the 国密 cipher). */
export const KEY_SCHEMES = Object.keys(SCHEME_BYTES) as KeyScheme[];

/** A key as it travels: the scheme letter and the cryptogram (under an LMK or a ZMK). */
export interface KeyToken {
  readonly scheme: KeyScheme;
  readonly cryptogram: Uint8Array;
}

export type KeyTypeCode = '000' | '008' | '00A' | '401' | '402' | '403' | '411' | '412' | '413' | '420';

export interface KeyTypeInfo {
  readonly code: KeyTypeCode;
  readonly name: string;
  readonly schemes: readonly KeyScheme[];
  /**
   * DES keys of this type must have odd parity in every byte. The purse keys do not: card keys are
   * raw 3DES outputs of dispersion, and the real card's DLK (psam_hsm.md §1.8 A, byte C0) has even bytes.
   */
  readonly oddParity: boolean;
}

const ANY: readonly KeyScheme[] = ['Z', 'U', 'T', 'G'];

export const KEY_TYPES: Readonly<Record<KeyTypeCode, KeyTypeInfo>> = {
  '000': { code: '000', name: 'ZMK (zone master key)', schemes: ['U', 'T'], oddParity: true },
  '008': { code: '008', name: 'MAC key', schemes: ANY, oddParity: true },
  '00A': { code: '00A', name: 'data encryption key', schemes: ANY, oddParity: true },
  '401': { code: '401', name: 'issuer master load key (MLK)', schemes: ['U'], oddParity: false },
  '402': { code: '402', name: 'issuer master purchase key (MPK)', schemes: ['U'], oddParity: false },
  '403': { code: '403', name: 'issuer master TAC key (MTK)', schemes: ['U'], oddParity: false },
  '411': { code: '411', name: 'card load key (DLK)', schemes: ['U'], oddParity: false },
  '412': { code: '412', name: 'card purchase key (DPK)', schemes: ['U'], oddParity: false },
  '413': { code: '413', name: 'card TAC key (DTK)', schemes: ['U'], oddParity: false },
  '420': { code: '420', name: 'purse session key (SESLK, SESPK)', schemes: ['Z'], oddParity: false },
};

export const KEY_TYPE_CODES = Object.keys(KEY_TYPES) as KeyTypeCode[];

/** The card key a master key disperses into: 401 → 411, 402 → 412, 403 → 413. */
export const CARD_KEY_OF: Readonly<Partial<Record<KeyTypeCode, KeyTypeCode>>> = { '401': '411', '402': '412', '403': '413' };


/** The block size of the cipher a scheme keys: 16 for SM4, 8 for the DES family. */
export function schemeBlockBytes(scheme: KeyScheme): 8 | 16 {
  return scheme === 'G' ? 16 : 8;
}
