import { dispersionField, readDispersion } from '../codec/dispersion.ts';
import type { FieldReader } from '../codec/fields.ts';
import { keyTokenField, readKeyToken, readKeyType } from '../codec/key-fields.ts';
import type { KeyToken, KeyTypeCode } from '../keys.ts';

/** The key a purse command starts from: a master key with 1–3 factors, or a card key with none. */
export interface PurseKey {
  readonly keyType: KeyTypeCode;
  readonly key: KeyToken;
  /** Dispersion factors, outermost first; empty when `key` already is the card's key. */
  readonly factors: readonly Uint8Array[];
}

/** key type (3) ‖ key token ‖ dispersion (levels digit, factors). */
export function purseKeyField(k: PurseKey): string {
  return `${k.keyType}${keyTokenField(k.key)}${dispersionField(k.factors)}`;
}

export function readPurseKey(reader: FieldReader): PurseKey {
  return { keyType: readKeyType(reader, 'key type'), key: readKeyToken(reader, 'key'), factors: readDispersion(reader, 0) };
}
