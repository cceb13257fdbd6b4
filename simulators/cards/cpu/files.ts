/**
 * The card's file system [ISO/IEC 7816-4 §5.3]: a tree of dedicated files (the MF 3F00 at its
 * root, DFs below, each optionally named by an AID) holding elementary files. The bytes of every EF
 * (and the PIN's retry counter) are the card's non-volatile memory; they are written only through
 * NonVolatileMemory, so power loss and anti-tearing apply to them.
 */

/** Who may read or update an EF; see docs/cpu-card.md "Security model". */
export type AccessCondition =
  | { readonly kind: 'always' }
  | { readonly kind: 'never' }
  | { readonly kind: 'pin' }
  | { readonly kind: 'key'; readonly keyId: number };

export type KeyType = 'DES' | '3DES';

/** What a key may be used for: the card checks it in EXTERNAL/INTERNAL AUTHENTICATE; the rest are for applications. */
export const KEY_USAGES = ['external-auth', 'internal-auth', 'purchase', 'load', 'tac', 'other'] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

/** One entry of a DF's key file. */
export interface CardKey {
  readonly id: number;
  readonly type: KeyType;
  readonly usage: KeyUsage;
  readonly version: number;
  /** 8 bytes (DES) or 16 (two-key 3DES). */
  readonly value: Uint8Array;
}

interface FileCommon {
  readonly fid: number;
  /** Short EF identifier, 1–30; undefined when the EF cannot be reached by SFI. */
  readonly sfi: number | undefined;
  readonly read: AccessCondition;
  readonly update: AccessCondition;
  parent: DedicatedFile;
}

export interface TransparentFile extends FileCommon {
  readonly kind: 'transparent';
  /** The file's body; its length is the file size. */
  readonly body: Uint8Array;
}

/** Linear fixed: `recordCount` records of `recordLength` bytes, stored back to back in `body`. */
export interface RecordFile extends FileCommon {
  readonly kind: 'linear-fixed';
  readonly recordLength: number;
  readonly recordCount: number;
  readonly body: Uint8Array;
}

export type ElementaryFile = TransparentFile | RecordFile;

export interface DedicatedFile {
  readonly kind: 'df';
  readonly fid: number;
  /** DF name (AID), 1–16 bytes [ISO/IEC 7816-4 §5.3.1.2]. */
  readonly name: Uint8Array | undefined;
  readonly keys: readonly CardKey[];
  /** Name of the application that gets first look at proprietary commands while this DF is current. */
  readonly application: string | undefined;
  /** The profile's `applicationSettings` for it, with where they came from (for the application's error messages). */
  readonly applicationSettings?: ApplicationSettings;
  readonly children: Array<DedicatedFile | ElementaryFile>;
  readonly parent: DedicatedFile | undefined;
}

export type CardFile = DedicatedFile | ElementaryFile;

export interface ApplicationSettings {
  readonly value: Readonly<Record<string, unknown>>;
  /** The profile file (or what stands for it). */
  readonly origin: string;
  /** The JSON path of the settings object, e.g. `mf.files[0].applicationSettings`. */
  readonly path: string;
}

export const MF_FID = 0x3f00;

export function isDf(file: CardFile): file is DedicatedFile {
  return file.kind === 'df';
}

/** Every DF of the tree, depth first, the MF first. */
export function allDfs(mf: DedicatedFile): DedicatedFile[] {
  const out = [mf];
  for (const child of mf.children) if (isDf(child)) out.push(...allDfs(child));
  return out;
}

/**
 * A key of the DF's key file. A key is named by its usage and its id, as COSes name a key by its
 * type and index: a purse's load key 01 and purchase key 01 are two keys. Without `usage`, the first
 * key of that id.
 */
export function keyOf(df: DedicatedFile, id: number, usage?: KeyUsage): CardKey | undefined {
  return df.keys.find((k) => k.id === id && (usage === undefined || k.usage === usage));
}
