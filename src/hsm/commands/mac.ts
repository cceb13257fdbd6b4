import { dataField, hexField, type FieldReader } from '../codec/fields.ts';
import { keyTokenField, readKeyToken, readKeyType } from '../codec/key-fields.ts';
import { schemeBlockBytes, type KeyToken, type KeyTypeCode } from '../keys.ts';
import type { CommandCodec } from './codec.ts';

export interface MacRequest {
  /** ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC) or 3 (retail MAC, 16-byte DES key only). */
  readonly algorithm: 1 | 3;
  /** ISO/IEC 9797-1 padding method 1 (zeros) or 2 (80 then zeros). */
  readonly padding: 1 | 2;
  /** Bytes of the MAC returned or compared: the left `macLength` bytes, 4 up to the block size. */
  readonly macLength: number;
  readonly keyType: KeyTypeCode;
  readonly key: KeyToken;
  /** The chaining value before the first block, one block long (zeros for the usual MAC). */
  readonly iv: Uint8Array;
  readonly data: Uint8Array;
}

export interface VerifyMacRequest extends MacRequest {
  readonly mac: Uint8Array;
}

function encodeMacRequest(r: MacRequest): string {
  return `${r.algorithm}${r.padding}${String(r.macLength).padStart(2, '0')}${r.keyType}${keyTokenField(r.key)}${hexField(r.iv)}${dataField(r.data)}`;
}

function decodeMacRequest(reader: FieldReader): MacRequest {
  const algorithm = Number(reader.choice('MAC algorithm', ['1', '3'])) as 1 | 3;
  const padding = Number(reader.choice('padding method', ['1', '2'])) as 1 | 2;
  const macLength = reader.decimal('MAC length', 2);
  const keyType = readKeyType(reader, 'key type');
  const key = readKeyToken(reader, 'key');
  const iv = reader.hex('IV', schemeBlockBytes(key.scheme) * 2);
  return { algorithm, padding, macLength, keyType, key, iv, data: reader.data('data') };
}

/** M6: generate a MAC. [payShield M6 style; fields ours] */
export const generateMac: CommandCodec<MacRequest, Uint8Array> = {
  command: 'M6',
  summary: 'generate a MAC',
  encodeRequest: encodeMacRequest,
  decodeRequest: decodeMacRequest,
  encodeAnswer: (mac) => hexField(mac),
  decodeAnswer: (reader, r) => reader.hex('MAC', r.macLength * 2),
};

/** M8: verify a MAC; error `01` when it does not match. */
export const verifyMac: CommandCodec<VerifyMacRequest, void> = {
  command: 'M8',
  summary: 'verify a MAC',
  encodeRequest: (r) => `${encodeMacRequest(r)}${hexField(r.mac)}`,
  decodeRequest: (reader) => {
    const request = decodeMacRequest(reader);
    return { ...request, mac: reader.hex('MAC', request.macLength * 2) };
  },
  encodeAnswer: () => '',
  decodeAnswer: () => undefined,
};
