import { StbpayError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import { describePassword, type PasswordRef } from './commands.ts';

/** The chip did not acknowledge a command that it should have taken (refused access, bad order). */
export class At88NackError extends StbpayError {
  constructor(
    readonly bytes: Uint8Array,
    what: string,
  ) {
    super('STBPAY_ERR_AT88_NACK', `${what}: the card did not acknowledge ${toHex(bytes)}`);
  }
}

/** The chip kept refusing ACK polls longer than any write cycle takes. */
export class At88BusyError extends StbpayError {
  constructor(
    readonly bytes: Uint8Array,
    readonly waitedMs: number,
  ) {
    super('STBPAY_ERR_AT88_BUSY', `card still busy after ${waitedMs} ms of ACK polling with ${toHex(bytes)}`);
  }
}

/** The password's attempts counter is at 0: the chip ignores any further presentation. */
export class At88PasswordLockedError extends StbpayError {
  constructor(readonly password: PasswordRef) {
    super('STBPAY_ERR_AT88_LOCKED', `${describePassword(password)} is locked: its attempts counter is 00`);
  }
}

/**
 * Only one attempt is left: a wrong code now would lock the password for good, so the driver
 * presents it only when the caller insists.
 */
export class At88LastAttemptError extends StbpayError {
  constructor(
    readonly password: PasswordRef,
    readonly pac: number,
  ) {
    super(
      'STBPAY_ERR_AT88_LAST_ATTEMPT',
      `${describePassword(password)} has one attempt left (PAC ${pac.toString(16).toUpperCase().padStart(2, '0')}); ` +
        'not presented; pass insist: true to present it anyway',
    );
  }
}

/** A fuse request out of the FAB, CMA, PER order, or for a fuse already blown. */
export class At88FuseError extends StbpayError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('STBPAY_ERR_AT88_FUSE', `${field}: ${message}`);
  }
}
