import { readFile } from 'node:fs/promises';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { parseHex, toHex } from '../../src/core/hex.ts';

/** What the suite must know of a purse card: where the purse is, its keys, and its variant. */
export interface PurseCardKeys {
  /** The purse DF's AID, for SELECT by name. */
  readonly aid: Uint8Array;
  /** `EP` (P2 02) or `ED` (P2 01). [docs/purse/card-application.md Profile] */
  readonly application: 'EP' | 'ED';
  /** The key index a terminal names in INITIALIZE FOR LOAD, and the card's 16-byte load key (DLK). */
  readonly loadKeyIndex: number;
  readonly dlk: Uint8Array;
  readonly purchaseKeyIndex: number;
  readonly dpk: Uint8Array;
  /** The 16-byte TAC key (DTK). */
  readonly dtk: Uint8Array;
  /** Which sequence number GET TRANSACTION PROVE takes: the one used, or the next. */
  readonly proveSequence: 'used' | 'next';
  /** SFI of the transaction log EF (24 unless given). */
  readonly logSfi: number;
}

export const DEFAULT_PURSE_AID = parseHex('A0 00 00 00 03 86 98 07 01');

/**
 * The Changsha metro card's card-level keys (psam_hsm.md §1.8 A, ConardLKL/ChangSha@2c2754fc
 * `t1_initAndActive.py`): the keys the emulator's card is personalised with unless a keys file says otherwise.
 */
export const CHANGSHA_KEYS: PurseCardKeys = {
  aid: DEFAULT_PURSE_AID,
  application: 'EP',
  loadKeyIndex: 1,
  dlk: parseHex('374598B5C0B0EAE1E1D06609AC5BB369'),
  purchaseKeyIndex: 1,
  dpk: parseHex('A338D92A10C8285411E761445C831C22'),
  dtk: parseHex('CAA6025290114BFCC3C9043F70F7A07A'),
  proveSequence: 'used',
  logSfi: 24,
};

export const PURSE_KEYS_FORMAT = 'stbpay-purse-keys/1';

/** A keys file (docs/conformance/purse.md): JSON, keys in hex; absent fields take the Changsha card's. */
export function purseKeysFrom(document: unknown, where: string): PurseCardKeys {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new InputError(where, 'is not a JSON object');
  const d = document as Record<string, unknown>;
  if (d.format !== PURSE_KEYS_FORMAT) throw new InputError(`${where} format`, `must be "${PURSE_KEYS_FORMAT}", got ${JSON.stringify(d.format)}`);
  const key = (name: string, length: number, fallback: Uint8Array): Uint8Array => {
    if (d[name] === undefined) return fallback;
    if (typeof d[name] !== 'string') throw new InputError(`${where} ${name}`, 'must be a hex string');
    let bytes: Uint8Array;
    try {
      bytes = parseHex(d[name] as string, name);
    } catch (error) {
      throw new InputError(`${where} ${name}`, errorMessage(error));
    }
    if (length > 0 && bytes.length !== length) throw new InputError(`${where} ${name}`, `must be ${length} bytes, got ${bytes.length} (${toHex(bytes)})`);
    if (length === 0 && (bytes.length < 5 || bytes.length > 16)) throw new InputError(`${where} ${name}`, `an AID is 5 to 16 bytes, got ${bytes.length}`);
    return bytes;
  };
  const integer = (name: string, min: number, max: number, fallback: number): number => {
    const value = d[name] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw new InputError(`${where} ${name}`, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return value as number;
  };
  const oneOf = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const value = d[name] ?? fallback;
    if (!options.includes(value as T)) throw new InputError(`${where} ${name}`, `must be one of ${options.join(', ')}, got ${JSON.stringify(value)}`);
    return value as T;
  };
  return {
    aid: key('aid', 0, CHANGSHA_KEYS.aid),
    application: oneOf('application', ['EP', 'ED'], CHANGSHA_KEYS.application),
    loadKeyIndex: integer('loadKeyIndex', 0, 255, CHANGSHA_KEYS.loadKeyIndex),
    dlk: key('dlk', 16, CHANGSHA_KEYS.dlk),
    purchaseKeyIndex: integer('purchaseKeyIndex', 0, 255, CHANGSHA_KEYS.purchaseKeyIndex),
    dpk: key('dpk', 16, CHANGSHA_KEYS.dpk),
    dtk: key('dtk', 16, CHANGSHA_KEYS.dtk),
    proveSequence: oneOf('proveSequence', ['used', 'next'], CHANGSHA_KEYS.proveSequence),
    logSfi: integer('logSfi', 1, 30, CHANGSHA_KEYS.logSfi),
  };
}

export async function readPurseKeysFile(path: string, option: string): Promise<PurseCardKeys> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(option, `cannot read ${path} as JSON: ${errorMessage(error)}`, { cause: error });
  }
  return purseKeysFrom(document, `${option} ${path}:`);
}
