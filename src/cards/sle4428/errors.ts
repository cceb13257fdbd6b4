import { StbpayError } from '../../core/errors.ts';

/** The error counter reads 00: the card can never be verified or written again [yktchina §5]. */
export class CardLockedError extends StbpayError {
  constructor(readonly errorCounter: number) {
    super('STBPAY_ERR_SLE4428_LOCKED', `SLE4428 is locked: error counter 0x${hex(errorCounter)} has no attempt left`);
  }
}

/**
 * Only one attempt is left: a wrong code would lock the card for good, so the driver refuses unless
 * the caller insists.
 */
export class LastAttemptError extends StbpayError {
  constructor(readonly errorCounter: number) {
    super(
      'STBPAY_ERR_SLE4428_LAST_ATTEMPT',
      `SLE4428 has one PSC attempt left (error counter 0x${hex(errorCounter)}); pass { insist: true } to use it`,
    );
  }
}

/** The PSC procedure could not run as the datasheet describes (the counter bit did not take). */
export class PscProcedureError extends StbpayError {
  constructor(
    message: string,
    readonly errorCounterBefore: number,
    readonly errorCounterAfter: number,
  ) {
    super('STBPAY_ERR_SLE4428_PSC_PROCEDURE', message);
  }
}

/** A write, protect or PSC change did not leave the card as asked; `address` is the first byte at fault. */
export class WriteRefusedError extends StbpayError {
  constructor(
    readonly address: number,
    readonly expected: Uint8Array,
    readonly actual: Uint8Array,
    reason: string,
  ) {
    super('STBPAY_ERR_SLE4428_WRITE_REFUSED', `SLE4428 refused the write at 0x${address.toString(16).toUpperCase()}: ${reason}`);
  }
}

/** A PSC of the wrong length. */
export class PscFormatError extends StbpayError {
  constructor(readonly psc: Uint8Array) {
    super('STBPAY_ERR_SLE4428_PSC_FORMAT', `an SLE4428 PSC is 2 bytes, got ${psc.length}`);
  }
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
