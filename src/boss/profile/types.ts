/**
 * The typed form of a bank-interface profile. Every element of the wire contract (framing, separator,
 * encodings, header and transaction fields, response codes, daily files, replay volatility) is data
 * here, so a bank's variant is a JSON file, not code. [bank-interface preamble]
 * The JSON form is described in docs/boss/profile.md; `validateProfile` turns one into this.
 */

/** How the characters of a text field become bytes. [bank-interface §2] */
export type TextEncodingName = 'ascii' | 'gbk' | 'utf-8';

/** The format a field's value must have; values are always strings. [bank-interface §2, §3] */
export type FieldFormat =
  /** min..max ASCII decimal digits. */
  | { readonly kind: 'digits'; readonly min: number; readonly max: number }
  /** min..max ASCII letters and digits. */
  | { readonly kind: 'alnum'; readonly min: number; readonly max: number }
  /** YYYYMMDD, a real calendar date. */
  | { readonly kind: 'date' }
  /** HHMMSS, 00..23, 00..59, 00..59. */
  | { readonly kind: 'time' }
  /** YYYYMM, month 01..12. */
  | { readonly kind: 'month' }
  /** Fen: no sign, no point, no leading zero, 1..maxDigits digits, value >= min. [§2] */
  | { readonly kind: 'amount'; readonly min: number; readonly maxDigits: number }
  /** A decimal integer without leading zeros in min..max (counts, sequence numbers). */
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  /** min..max bytes once encoded; no separator, CR, LF or control character. */
  | { readonly kind: 'text'; readonly min: number; readonly max: number; readonly encoding: TextEncodingName }
  /** One of the listed values; the map gives each value's meaning. */
  | { readonly kind: 'enum'; readonly values: Readonly<Record<string, string>> }
  /** Exactly this value (a line tag such as `H`). */
  | { readonly kind: 'const'; readonly value: string };

export type FormatKind = FieldFormat['kind'];

export interface FieldDef {
  readonly kind: 'field';
  readonly name: string;
  readonly format: FieldFormat;
}

/** `count` (a field earlier in the same list) times the `fields`, one after another. [§4: 1001, 3001] */
export interface GroupDef {
  readonly kind: 'group';
  readonly group: string;
  readonly count: string;
  readonly fields: readonly FieldDef[];
}

export type FieldElement = FieldDef | GroupDef;

export interface TransactionDef {
  readonly txcode: string;
  readonly name: string;
  readonly nameZh?: string;
  /** A 0000 answer only after a durable commit. [§5] */
  readonly durable: boolean;
  readonly request: readonly FieldElement[];
  readonly response: readonly FieldElement[];
}

/** The response codes the codec and server pick by meaning. [§6] */
export type ResponseRole =
  | 'success'
  | 'unknownTxcode'
  | 'malformed'
  | 'bankNotAllowed'
  | 'frameTooLarge'
  | 'serialReused'
  | 'internalError';

export const RESPONSE_ROLES: readonly ResponseRole[] = [
  'success',
  'unknownTxcode',
  'malformed',
  'bankNotAllowed',
  'frameTooLarge',
  'serialReused',
  'internalError',
];

export interface ResponseCodeDef {
  readonly code: string;
  readonly meaning: string;
  readonly role?: ResponseRole;
}

/** Which totals a daily file's header must agree with. [§7] */
export interface FileChecks {
  /** Header field holding the number of detail lines. */
  readonly count?: string;
  /** Header field holding the sum of a detail field, optionally over lines where a field has a value. */
  readonly total?: { readonly field: string; readonly sum: string; readonly where?: Readonly<Record<string, string>> };
  /** Header field that must equal the date in the file name. */
  readonly date?: string;
}

export interface FileLayout {
  readonly id: string;
  /** File name with `{YYYYMMDD}` where the date goes, e.g. `DK{YYYYMMDD}.TXT`. */
  readonly name: string;
  /** `out` BOSS → bank, `in` bank → BOSS. */
  readonly direction: 'in' | 'out';
  readonly title: string;
  readonly titleZh?: string;
  readonly header: readonly FieldDef[];
  readonly detail: readonly FieldDef[];
  readonly checks: FileChecks;
}

export interface Profile {
  readonly profile: string;
  readonly source?: string;
  /** [§1] Length prefix of `lengthDigits` zero-padded ASCII digits counting body bytes. */
  readonly framing: { readonly lengthDigits: number; readonly maxBody: number };
  /** [§2] */
  readonly body: {
    readonly separator: string;
    readonly trailingSeparator: boolean;
    /** Encoding of text fields whose format does not name one. */
    readonly encoding: TextEncodingName;
    /**
     * Derived, not written in the JSON: true when any text field is GBK, so that bodies and lines are
     * split on separators outside GBK two-byte characters (a trail byte can be 0x7C, `|`).
     */
    readonly gbkAware: boolean;
  };
  /** [§3] */
  readonly request: { readonly header: readonly FieldDef[]; readonly txcodeField: string };
  /** [§3] Transaction fields follow the header only when `respCodeField` is `fieldsOnlyWhen`. */
  readonly response: {
    readonly header: readonly FieldDef[];
    readonly txcodeField: string;
    readonly respCodeField: string;
    readonly fieldsOnlyWhen: string;
  };
  /** [§4] Keyed by TXCODE. */
  readonly transactions: Readonly<Record<string, TransactionDef>>;
  /** [§6] Keyed by code. */
  readonly responseCodes: Readonly<Record<string, ResponseCodeDef>>;
  readonly roles: Readonly<Record<ResponseRole, string>>;
  /** Response fields a replay comparison ignores: by name, and every field of these format kinds. */
  readonly volatile: { readonly fields: readonly string[]; readonly formatKinds: readonly FormatKind[] };
  /** [§7] */
  readonly files: {
    readonly lineEnd: string;
    readonly flagSuffix: string;
    readonly layouts: Readonly<Record<string, FileLayout>>;
  };
}
