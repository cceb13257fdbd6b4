import { DecodeError, StbpayError } from '../../core/errors.ts';

/**
 * Why a message could not be decoded, by the response the spec asks for:
 * `malformed` → 1002 (field count, field format, length), `unknownTxcode` → 1001,
 * `frameTooLarge` → 1004. [bank-interface §6]
 */
export type BossDecodeReason = 'malformed' | 'unknownTxcode' | 'frameTooLarge';

/** What a decoder could read before it failed, so an answer can still echo TXCODE and BANKSERIAL. */
export interface PartialMessage {
  readonly txcode?: string;
  readonly header: Readonly<Record<string, string>>;
}

/** A body that does not fit the profile; `field` and `value` say which element and what it held. */
export class BossDecodeError extends DecodeError {
  readonly reason: BossDecodeReason;
  readonly field: string;
  readonly value: string | undefined;
  /** The response code the profile gives this reason (1002, 1001, ...). */
  readonly respCode: string;
  readonly partial: PartialMessage;

  constructor(init: {
    reason: BossDecodeReason;
    field: string;
    value?: string;
    message: string;
    bytes: Uint8Array;
    respCode: string;
    partial?: PartialMessage;
  }) {
    super(`${init.field}: ${init.message}`, init.bytes);
    this.reason = init.reason;
    this.field = init.field;
    this.value = init.value;
    this.respCode = init.respCode;
    this.partial = init.partial ?? { header: {} };
  }
}

/** Framing that cannot be followed; `bytes` are the offending bytes (the length prefix). [§1] */
export class BossFrameError extends DecodeError {
  /**
   * `tooLarge`: announced length over the maximum; `badPrefix`: not digits; `truncated`: stream ended
   * mid-frame; `extra`: bytes after the one frame a buffer was to hold.
   */
  readonly reason: 'tooLarge' | 'badPrefix' | 'truncated' | 'extra';
  readonly announced: number | undefined;

  constructor(reason: BossFrameError['reason'], message: string, bytes: Uint8Array, announced?: number) {
    super(message, bytes);
    this.reason = reason;
    this.announced = announced;
  }
}

/** A message or file value the encoder refuses; `field` names it. */
export class BossEncodeError extends StbpayError {
  readonly field: string;
  readonly value: string | undefined;

  constructor(field: string, message: string, value?: string) {
    super('BOSS_ERR_ENCODE', `${field}: ${message}`);
    this.field = field;
    this.value = value;
  }
}

/** A daily file that does not fit its layout or whose header disagrees with its lines. [§7] */
export class BossFileError extends DecodeError {
  readonly reason: 'malformed' | 'countMismatch' | 'totalMismatch' | 'dateMismatch' | 'name';
  readonly layout: string;
  /** 1-based line number, 0 for the file as a whole. */
  readonly line: number;
  readonly field: string;
  readonly value: string | undefined;

  constructor(init: {
    reason: BossFileError['reason'];
    layout: string;
    line: number;
    field: string;
    value?: string;
    message: string;
    bytes: Uint8Array;
  }) {
    super(`${init.layout} line ${init.line} ${init.field}: ${init.message}`, init.bytes);
    this.reason = init.reason;
    this.layout = init.layout;
    this.line = init.line;
    this.field = init.field;
    this.value = init.value;
  }
}
