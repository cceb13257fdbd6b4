import { StbpayError } from '../../core/errors.ts';

/**
 * The driver would have presented a PSC with only one attempt left. A wrong code would then lock the
 * card for good, so the driver refuses unless the caller insists.
 */
export class LastAttemptError extends StbpayError {
  readonly attemptsLeft = 1;

  constructor(readonly errorCounter: number) {
    const ec = errorCounter.toString(2).padStart(3, '0');
    super(
      'STBPAY_ERR_SLE4442_LAST_ATTEMPT',
      `SLE4442 has one PSC attempt left (EC ${ec}b): a wrong code would lock the card for good; ` +
        'pass { insist: true } to present it anyway',
    );
  }
}

/**
 * not-verified: the card took nothing, the PSC is not verified in this session; protected: the byte's
 * protection bit is 0; data-mismatch: WRITE PROTECTION found other data in the byte; not-written:
 * the card took part of the write only.
 */
export type WriteFailure = 'not-verified' | 'protected' | 'data-mismatch' | 'not-written';

export interface WriteFailureDetail {
  readonly reason: WriteFailure;
  readonly area: 'main' | 'protection' | 'psc';
  /** First address the card did not take. */
  readonly address: number;
  /** What the host wanted there, and what the card holds after the attempt. */
  readonly expected: Uint8Array;
  readonly actual: Uint8Array;
}

/** A write the chip did not carry out, found by reading back; the detail says where and which bytes. */
export class Sle4442WriteError extends StbpayError implements WriteFailureDetail {
  readonly reason: WriteFailure;
  readonly area: WriteFailureDetail['area'];
  readonly address: number;
  readonly expected: Uint8Array;
  readonly actual: Uint8Array;

  constructor(detail: WriteFailureDetail, message: string) {
    super('STBPAY_ERR_SLE4442_WRITE', message);
    ({ reason: this.reason, area: this.area, address: this.address, expected: this.expected, actual: this.actual } = detail);
  }
}
