import { hexField } from '../codec/fields.ts';
import { dispersionField, readDispersion } from '../codec/dispersion.ts';
import { keyTokenField, readKeyToken, readKeyType } from '../codec/key-fields.ts';
import type { KeyToken, KeyTypeCode } from '../keys.ts';
import type { CommandCodec } from './codec.ts';
import type { KeyAnswer } from './key-management.ts';
import { purseKeyField, readPurseKey, type PurseKey } from './purse-key.ts';

export interface DeriveKeyRequest {
  readonly keyType: KeyTypeCode;
  readonly key: KeyToken;
  readonly factors: readonly Uint8Array[];
}

export interface DeriveKeyAnswer {
  readonly keyType: KeyTypeCode;
  readonly underLmk: KeyToken;
  readonly checkValue: Uint8Array;
}

/** KD: disperse an issuer master key into a card key (1–3 levels), returned under the LMK. [psam_hsm.md §1.3] */
export const deriveKey: CommandCodec<DeriveKeyRequest, DeriveKeyAnswer> = {
  command: 'KD',
  summary: 'derive a card key by dispersion',
  encodeRequest: (r) => `${r.keyType}${keyTokenField(r.key)}${dispersionField(r.factors)}`,
  decodeRequest: (reader) => ({ keyType: readKeyType(reader, 'key type'), key: readKeyToken(reader, 'key'), factors: readDispersion(reader, 1) }),
  encodeAnswer: (a) => `${a.keyType}${keyTokenField(a.underLmk)}${hexField(a.checkValue)}`,
  decodeAnswer: (reader) => ({ keyType: readKeyType(reader, 'card key type'), underLmk: readKeyToken(reader, 'key under LMK'), checkValue: reader.hex('KCV', 6) }),
};

export interface SessionKeyRequest extends PurseKey {
  /** 8 bytes: random ‖ online seq ‖ 8000 for a load, random ‖ offline seq ‖ terminal seq (low 2) for a purchase. */
  readonly input: Uint8Array;
}

/**
 * KS: derive a purse session key, SESLK or SESPK = 3DES(card key, input), returned under the LMK as
 * a key of type 420 (usable in M6/M8, exportable with A8). [psam_hsm.md §1.3]
 */
export const sessionKey: CommandCodec<SessionKeyRequest, KeyAnswer> = {
  command: 'KS',
  summary: 'derive a purse session key',
  encodeRequest: (r) => `${purseKeyField(r)}${hexField(r.input)}`,
  decodeRequest: (reader) => ({ ...readPurseKey(reader), input: reader.hex('session input', 16) }),
  encodeAnswer: (a) => `${keyTokenField(a.underLmk)}${hexField(a.checkValue)}`,
  decodeAnswer: (reader) => ({ underLmk: readKeyToken(reader, 'key under LMK'), checkValue: reader.hex('KCV', 6) }),
};
