import { dataField, hexField, type FieldReader } from '../codec/fields.ts';
import { keyTokenField, readKeyToken, readKeyType } from '../codec/key-fields.ts';
import { schemeBlockBytes, type KeyToken, type KeyTypeCode } from '../keys.ts';
import type { CommandCodec } from './codec.ts';

export interface CipherRequest {
  readonly mode: 'ECB' | 'CBC';
  readonly keyType: KeyTypeCode;
  readonly key: KeyToken;
  /** CBC only: one block. */
  readonly iv?: Uint8Array;
  /** A whole number of blocks (8 bytes DES/3DES, 16 SM4): the caller pads. */
  readonly data: Uint8Array;
}

const MODES = { ECB: '00', CBC: '01' } as const;

function encode(r: CipherRequest): string {
  const iv = r.mode === 'CBC' ? hexField(r.iv ?? new Uint8Array(schemeBlockBytes(r.key.scheme))) : '';
  return `${MODES[r.mode]}${r.keyType}${keyTokenField(r.key)}${iv}${dataField(r.data)}`;
}

function decode(reader: FieldReader): CipherRequest {
  const mode = reader.choice('cipher mode', ['00', '01']) === '00' ? 'ECB' : 'CBC';
  const keyType = readKeyType(reader, 'key type');
  const key = readKeyToken(reader, 'key');
  if (mode === 'ECB') return { mode, keyType, key, data: reader.data('data') };
  const iv = reader.hex('IV', schemeBlockBytes(key.scheme) * 2);
  return { mode, keyType, key, iv, data: reader.data('data') };
}

function cipherCodec(command: string, summary: string): CommandCodec<CipherRequest, Uint8Array> {
  return {
    command,
    summary,
    encodeRequest: encode,
    decodeRequest: decode,
    encodeAnswer: (data) => dataField(data),
    decodeAnswer: (reader) => reader.data('data'),
  };
}

/** M0: encrypt data with a data key; the cipher follows the key's scheme (DES, 3DES, SM4). */
export const encryptData = cipherCodec('M0', 'encrypt data');
/** M2: decrypt data with a data key. */
export const decryptData = cipherCodec('M2', 'decrypt data');
