import { StbpayError } from '../core/errors.ts';

/** No answer within the time the protocol allows; `waitedMs` says how long we waited. */
export class ReaderTimeoutError extends StbpayError {
  constructor(
    message: string,
    readonly waitedMs: number,
  ) {
    super('STBPAY_ERR_READER_TIMEOUT', message);
  }
}

/**
 * The reader answered, but not as CCID allows (wrong message type, bSeq, slot or dwLength), or the
 * link's framing broke (bad LRC, NAK). `bytes` are the offending bytes as received.
 */
export class ReaderProtocolError extends StbpayError {
  constructor(
    message: string,
    readonly bytes: Uint8Array,
  ) {
    super('STBPAY_ERR_READER_PROTOCOL', message);
  }
}

/**
 * The reader reported a failed command (bmCommandStatus 1): `slotError` is its bError, `iccStatus`
 * its bmICCStatus, `bytes` the whole answer.
 */
export class ReaderCommandError extends StbpayError {
  constructor(
    message: string,
    readonly slotError: number,
    readonly iccStatus: number,
    readonly bytes: Uint8Array,
  ) {
    super('STBPAY_ERR_READER_COMMAND', message);
  }
}

/** The link itself is gone: the device was unplugged, the tty closed, the socket reset. */
export class ReaderLinkError extends StbpayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STBPAY_ERR_READER_LINK', message, options);
  }
}
