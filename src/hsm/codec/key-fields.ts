import { HsmRefusal } from '../errors.ts';
import { KEY_SCHEMES, KEY_TYPE_CODES, SCHEME_BYTES, type KeyScheme, type KeyToken, type KeyTypeCode } from '../keys.ts';
import { hexField, type FieldReader } from './fields.ts';

/** A key type: 3 characters from the table of docs/hsm.md §5 (`04` when not in it). */
export function readKeyType(reader: FieldReader, field: string): KeyTypeCode {
  const value = reader.take(field, 3);
  if (!(KEY_TYPE_CODES as string[]).includes(value)) throw new HsmRefusal('04', field, `${JSON.stringify(value)} is not a key type (${KEY_TYPE_CODES.join(', ')})`);
  return value as KeyTypeCode;
}

export function readScheme(reader: FieldReader, field: string): KeyScheme {
  return reader.choice(field, KEY_SCHEMES);
}

/** A key token: the scheme letter, then the cryptogram in hex (16, 32, 48 or 32 digits for Z, U, T, G). */
export function readKeyToken(reader: FieldReader, field: string): KeyToken {
  const scheme = readScheme(reader, `${field} scheme`);
  return { scheme, cryptogram: reader.hex(field, SCHEME_BYTES[scheme] * 2) };
}

/** A clear key of a scheme's length (key components). */
export function readClearKey(reader: FieldReader, field: string, scheme: KeyScheme): Uint8Array {
  return reader.hex(field, SCHEME_BYTES[scheme] * 2);
}

export function keyTokenField(token: KeyToken): string {
  return `${token.scheme}${hexField(token.cryptogram)}`;
}

/** A key check value: 3 bytes, 6 hex digits. */
export function readCheckValue(reader: FieldReader, field = 'KCV'): Uint8Array {
  return reader.hex(field, 6);
}
