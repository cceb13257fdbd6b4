import { StbpayError } from '../../core/errors.ts';
import { hexByte, toHex } from '../../core/hex.ts';
import type { FuseName } from './fuses.ts';
import { describePassword, type PasswordRef } from './password.ts';

/**
 * Errors of the AT88SC153 and AT88SC1608 host drivers: one family for both parts. The codes are the
 * ones the AT88SC102/AT88SC1604 drivers use for the same conditions (src/cards/at88sc102/errors.ts),
 * so a script matches one code for any AT88SC part. Each error carries the bytes, counter or field
 * at fault.
 */
export class At88Error extends StbpayError {}

/** The chip did not acknowledge a command it should have taken (refused access, bad order). */
export class At88NackError extends At88Error {
  constructor(
    readonly bytes: Uint8Array,
    what: string,
  ) {
    super('STBPAY_ERR_AT88_NACK', `${what}: the card did not acknowledge ${toHex(bytes)}`);
  }
}

/**
 * ACK polling gave up: the chip kept refusing longer than any write cycle takes (10 ms max on both
 * parts), so it is not a write cycle that keeps it silent (no card, or not the chip addressed).
 */
export class At88BusyError extends At88Error {
  constructor(
    readonly bytes: Uint8Array,
    readonly waitedMs: number,
  ) {
    super('STBPAY_ERR_AT88_BUSY', `no acknowledge after ${waitedMs} ms of ACK polling with ${toHex(bytes)}`);
  }
}

/** The password's attempts counter reads 00: the chip no longer takes the password into account. */
export class At88PasswordLockedError extends At88Error {
  constructor(
    readonly password: PasswordRef,
    readonly pac: number,
  ) {
    super('STBPAY_ERR_AT88_LOCKED', `${describePassword(password)} is locked: its attempts counter is ${hexByte(pac)}`);
  }
}

/**
 * Only one attempt is left: a wrong password now would lock it for good, so the driver presents it
 * only when the caller insists.
 */
export class At88LastAttemptError extends At88Error {
  constructor(
    readonly password: PasswordRef,
    readonly pac: number,
  ) {
    super(
      'STBPAY_ERR_AT88_LAST_ATTEMPT',
      `${describePassword(password)} has one attempt left (PAC ${hexByte(pac)}); not presented; pass insist: true to present it anyway`,
    );
  }
}

/** A fuse request out of the FAB, CMA, PER order, for a fuse already blown, or a fuse that did not blow. */
export class At88FuseError extends At88Error {
  constructor(
    readonly fuse: FuseName,
    readonly fuseByte: number,
    reason: string,
  ) {
    super('STBPAY_ERR_AT88_FUSE', `fuse ${fuse}: ${reason} (fuse byte ${hexByte(fuseByte)})`);
  }
}

/** A request outside the chip's memory map or formats; `field` names the argument at fault. */
export class At88RangeError extends At88Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('STBPAY_ERR_AT88_RANGE', `${field}: ${message}`);
  }
}
