import { StbpayError } from '../core/errors.ts';

/** A PSAM could not be had, or a lease's PSAM can no longer be used; `code` tells which. */
export class PsamError extends StbpayError {}

/** No PSAM in the pool belongs to the card's issuer: the card is not acceptable at this terminal. */
export class PsamNotAcceptableError extends PsamError {
  readonly issuer: string;

  constructor(issuer: string) {
    super('STBPAY_ERR_PSAM_NOT_ACCEPTABLE', `no PSAM of issuer ${issuer} in the pool: the card is not acceptable here`);
    this.issuer = issuer;
  }
}

/** Every PSAM of the issuer stayed leased for as long as the caller would wait. */
export class PsamBusyError extends PsamError {
  readonly issuer: string;

  constructor(issuer: string, waitedMs: number) {
    super('STBPAY_ERR_PSAM_BUSY', `every PSAM of issuer ${issuer} stayed leased for ${waitedMs} ms`);
    this.issuer = issuer;
  }
}

/** Why a lease's channel refuses: released, expired, pulled out of its slot, or failed. */
export type LeaseEnd = 'released' | 'expired' | 'pulled' | 'failed';

/** A transmit through a lease that has ended. */
export class PsamLeaseEndedError extends PsamError {
  readonly slotId: string;
  readonly end: LeaseEnd;

  constructor(slotId: string, end: LeaseEnd, detail = '') {
    super(`STBPAY_ERR_PSAM_${end.toUpperCase()}`, `the PSAM in slot ${slotId} is no longer leased: ${end}${detail === '' ? '' : ` (${detail})`}`);
    this.slotId = slotId;
    this.end = end;
  }
}
