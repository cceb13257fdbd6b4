/**
 * The personalisation profile of a CPU card as JSON (docs/cpu-card.md "Profile file"). The same shape
 * is the card's image: `toProfile()` writes the current non-volatile contents back into it.
 */
export const CPU_PROFILE_FORMAT = 'stbpay-cpu-profile/1';

/** "always", "never", "pin" or "key:N" (N the decimal id of a key of the same DF). */
export type AccessConditionText = string;

export interface KeyProfile {
  readonly id: number;
  readonly type: 'DES' | '3DES';
  readonly usage: string;
  readonly version: number;
  /** Hex, 8 bytes for DES, 16 for 3DES. */
  readonly value: string;
}

export interface TransparentProfile {
  readonly kind: 'transparent';
  /** Four hex digits. */
  readonly fid: string;
  readonly sfi?: number;
  readonly size: number;
  /** Hex, at most `size` bytes; the rest of the file is 00. */
  readonly data?: string;
  readonly read: AccessConditionText;
  readonly update: AccessConditionText;
}

export interface RecordProfile {
  readonly kind: 'linear-fixed';
  readonly fid: string;
  readonly sfi?: number;
  readonly recordLength: number;
  readonly recordCount: number;
  /** Hex, each exactly `recordLength` bytes, at most `recordCount` of them; records not given are all 00. */
  readonly records?: readonly string[];
  readonly read: AccessConditionText;
  readonly update: AccessConditionText;
}

export interface DfProfile {
  readonly kind?: 'df';
  /** Four hex digits; for the MF, 3F00 (the default). */
  readonly fid?: string;
  /** DF name (AID) in hex, 1–16 bytes. */
  readonly name?: string;
  readonly keys?: readonly KeyProfile[];
  readonly application?: string;
  /** The application's personalisation (its own fields, which the application checks and documents). */
  readonly applicationSettings?: Readonly<Record<string, unknown>>;
  readonly files?: ReadonlyArray<DfProfile | TransparentProfile | RecordProfile>;
}

export interface PinProfile {
  /** Hex: the bytes VERIFY must carry, 1–16 of them (e.g. "123456" = 12 34 56). */
  readonly value: string;
  readonly maxTries: number;
  /** Defaults to maxTries. */
  readonly triesLeft?: number;
}

export interface CpuCardProfile {
  readonly format: typeof CPU_PROFILE_FORMAT;
  readonly protocol: 'T=0' | 'T=1';
  /** Hex, at most 15 bytes; defaults to "STBPAYCPU" in ASCII. */
  readonly historicalBytes?: string;
  readonly pin?: PinProfile;
  readonly mf: DfProfile;
}
