import { StbpayError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';

/** Errors of the AT88SC secure-memory host drivers (AT88SC102, AT88SC1604). Each names the field and carries the bytes. */
export class SecureMemoryError extends StbpayError {}

/** The attempts counter of `field` is exhausted: the code can never be presented again. */
export class CodeLockedError extends SecureMemoryError {
  constructor(
    readonly field: string,
    readonly counter: Uint8Array,
  ) {
    super('STBPAY_ERR_AT88_LOCKED', `${field} is locked: its attempts counter reads ${toHex(counter)} (no attempt left)`);
  }
}

/**
 * Only one attempt is left on `field`'s counter: a wrong code now would lock the card for good, so
 * the driver refuses unless the caller insists.
 */
export class LastAttemptError extends SecureMemoryError {
  constructor(
    readonly field: string,
    readonly counter: Uint8Array,
  ) {
    super(
      'STBPAY_ERR_AT88_LAST_ATTEMPT',
      `${field}: one attempt left (counter ${toHex(counter)}); pass insist: true to risk locking the card`,
    );
  }
}

/** The chip did not program what was asked: read back after the operation differs. */
export class NotProgrammedError extends SecureMemoryError {
  constructor(
    readonly field: string,
    readonly address: number,
    readonly expected: Uint8Array,
    readonly actual: Uint8Array,
  ) {
    super(
      'STBPAY_ERR_AT88_NOT_PROGRAMMED',
      `${field} at bit ${address}: expected ${toHex(expected)} after programming, read back ${toHex(actual)} (access refused?)`,
    );
  }
}

/** The chip did not acknowledge a command (still busy, or a malformed command). */
export class ChipNackError extends SecureMemoryError {
  constructor(readonly bytes: Uint8Array) {
    super('STBPAY_ERR_AT88_NACK', `chip did not acknowledge ${toHex(bytes)}`);
  }
}

/** An argument does not fit the field it is meant for (length, range). */
export class FieldRangeError extends SecureMemoryError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('STBPAY_ERR_AT88_RANGE', `${field}: ${message}`);
  }
}
