import { hexField, type FieldReader } from '../codec/fields.ts';
import { keyTokenField, readCheckValue, readClearKey, readKeyToken, readKeyType, readScheme } from '../codec/key-fields.ts';
import type { KeyScheme, KeyToken, KeyTypeCode } from '../keys.ts';
import type { CommandCodec } from './codec.ts';

/** A key the HSM made or took in: under its LMK (and under a ZMK when asked), with its check value. */
export interface KeyAnswer {
  readonly underLmk: KeyToken;
  readonly underZmk?: KeyToken;
  readonly checkValue: Uint8Array;
}

export interface GenerateKeyRequest {
  readonly keyType: KeyTypeCode;
  readonly scheme: KeyScheme;
  /** When given (a ZMK under the LMK), the new key is also returned under it. */
  readonly zmk?: KeyToken;
}

/** A0: generate a random key of a type. [payShield A0 style; fields ours] */
export const generateKey: CommandCodec<GenerateKeyRequest, KeyAnswer> = {
  command: 'A0',
  summary: 'generate a key',
  encodeRequest: (r) => `${r.zmk ? '1' : '0'}${r.keyType}${r.scheme}${r.zmk ? keyTokenField(r.zmk) : ''}`,
  decodeRequest: (reader) => {
    const mode = reader.choice('mode', ['0', '1']);
    const keyType = readKeyType(reader, 'key type');
    const scheme = readScheme(reader, 'key scheme');
    return mode === '1' ? { keyType, scheme, zmk: readKeyToken(reader, 'ZMK') } : { keyType, scheme };
  },
  encodeAnswer: (a) => `${keyTokenField(a.underLmk)}${a.underZmk ? keyTokenField(a.underZmk) : ''}${hexField(a.checkValue)}`,
  decodeAnswer: (reader, r) => {
    const underLmk = readKeyToken(reader, 'key under LMK');
    const underZmk = r.zmk ? readKeyToken(reader, 'key under ZMK') : undefined;
    return { underLmk, ...(underZmk ? { underZmk } : {}), checkValue: readCheckValue(reader) };
  },
};

export interface FormKeyRequest {
  readonly keyType: KeyTypeCode;
  readonly scheme: KeyScheme;
  /** 1 to 3 clear components of the scheme's length, XORed into the key. */
  readonly components: readonly Uint8Array[];
}

/** A4: form a key from clear components (the key ceremony; the only command that takes clear key bytes). */
export const formKey: CommandCodec<FormKeyRequest, KeyAnswer> = {
  command: 'A4',
  summary: 'form a key from clear components',
  encodeRequest: (r) => `${r.keyType}${r.scheme}${r.components.length}${r.components.map(hexField).join('')}`,
  decodeRequest: (reader) => {
    const keyType = readKeyType(reader, 'key type');
    const scheme = readScheme(reader, 'key scheme');
    const count = Number(reader.choice('component count', ['1', '2', '3']));
    const components = Array.from({ length: count }, (_, i) => readClearKey(reader, `component ${i + 1}`, scheme));
    return { keyType, scheme, components };
  },
  encodeAnswer: (a) => `${keyTokenField(a.underLmk)}${hexField(a.checkValue)}`,
  decodeAnswer: (reader) => ({ underLmk: readKeyToken(reader, 'key under LMK'), checkValue: readCheckValue(reader) }),
};

export interface ImportKeyRequest {
  readonly keyType: KeyTypeCode;
  readonly zmk: KeyToken;
  readonly underZmk: KeyToken;
  /** The check value the sender gave with the key; the HSM refuses the key (`11`) when it differs. */
  readonly checkValue: Uint8Array;
}

/** A6: import a key from under a ZMK to under the LMK. */
export const importKey: CommandCodec<ImportKeyRequest, KeyAnswer> = {
  command: 'A6',
  summary: 'import a key from under a ZMK',
  encodeRequest: (r) => `${r.keyType}${keyTokenField(r.zmk)}${keyTokenField(r.underZmk)}${hexField(r.checkValue)}`,
  decodeRequest: (reader) => ({
    keyType: readKeyType(reader, 'key type'),
    zmk: readKeyToken(reader, 'ZMK'),
    underZmk: readKeyToken(reader, 'key under ZMK'),
    checkValue: readCheckValue(reader),
  }),
  encodeAnswer: (a) => `${keyTokenField(a.underLmk)}${hexField(a.checkValue)}`,
  decodeAnswer: (reader) => ({ underLmk: readKeyToken(reader, 'key under LMK'), checkValue: readCheckValue(reader) }),
};

export interface ExportKeyRequest {
  readonly keyType: KeyTypeCode;
  readonly zmk: KeyToken;
  readonly underLmk: KeyToken;
}

export interface ExportKeyAnswer {
  readonly underZmk: KeyToken;
  readonly checkValue: Uint8Array;
}

/** A8: export a key from under the LMK to under a ZMK. */
export const exportKey: CommandCodec<ExportKeyRequest, ExportKeyAnswer> = {
  command: 'A8',
  summary: 'export a key under a ZMK',
  encodeRequest: (r) => `${r.keyType}${keyTokenField(r.zmk)}${keyTokenField(r.underLmk)}`,
  decodeRequest: (reader) => ({ keyType: readKeyType(reader, 'key type'), zmk: readKeyToken(reader, 'ZMK'), underLmk: readKeyToken(reader, 'key under LMK') }),
  encodeAnswer: (a) => `${keyTokenField(a.underZmk)}${hexField(a.checkValue)}`,
  decodeAnswer: (reader) => ({ underZmk: readKeyToken(reader, 'key under ZMK'), checkValue: readCheckValue(reader) }),
};

export interface CheckValueRequest {
  readonly keyType: KeyTypeCode;
  readonly key: KeyToken;
}

/** BU: the check value of a key held under the LMK. */
export const checkValue: CommandCodec<CheckValueRequest, Uint8Array> = {
  command: 'BU',
  summary: 'key check value',
  encodeRequest: (r) => `${r.keyType}${keyTokenField(r.key)}`,
  decodeRequest: (reader: FieldReader) => ({ keyType: readKeyType(reader, 'key type'), key: readKeyToken(reader, 'key') }),
  encodeAnswer: (kcv) => hexField(kcv),
  decodeAnswer: (reader) => readCheckValue(reader),
};
