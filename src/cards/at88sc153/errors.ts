import { StbpayError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import type { FuseName, PasswordRef } from './commands.ts';

function describe(ref: PasswordRef): string {
  return `${ref.kind === 'write' ? 'Write' : 'Read'} ${ref.set} password`;
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}

/** The password's attempts counter reads 00: it can never be verified again [1016 p9]. */
export class PasswordLockedError extends StbpayError {
  constructor(
    readonly password: PasswordRef,
    readonly pac: number,
  ) {
    super('STBPAY_ERR_AT88SC153_LOCKED', `AT88SC153 ${describe(password)} is locked: attempts counter 0x${hex(pac)}`);
  }
}

/** One attempt is left: a wrong password would lock it for good, so the driver refuses unless told to insist. */
export class LastAttemptError extends StbpayError {
  constructor(
    readonly password: PasswordRef,
    readonly pac: number,
  ) {
    super(
      'STBPAY_ERR_AT88SC153_LAST_ATTEMPT',
      `AT88SC153 ${describe(password)} has one attempt left (counter 0x${hex(pac)}); pass { insist: true } to use it`,
    );
  }
}

/** The chip kept refusing (NACK) the command beyond the polling time: not present, or busy for good. */
export class NoAcknowledgeError extends StbpayError {
  constructor(
    readonly bytes: Uint8Array,
    readonly waitedMs: number,
  ) {
    super('STBPAY_ERR_AT88SC153_NO_ACK', `AT88SC153 did not acknowledge ${toHex(bytes)} within ${waitedMs} ms`);
  }
}

/** A Write Fuses command left the fuse intact: out of order, or the secure code was not verified. */
export class FuseNotBlownError extends StbpayError {
  constructor(
    readonly fuse: FuseName,
    readonly fuseByte: number,
  ) {
    super('STBPAY_ERR_AT88SC153_FUSE', `AT88SC153 fuse ${fuse} is still intact (fuse byte 0x${hex(fuseByte)})`);
  }
}

/** A request that falls outside the chip's memory map or formats; `field` names the argument at fault. */
export class At88sc153RangeError extends StbpayError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('STBPAY_ERR_AT88SC153_RANGE', `${field}: ${message}`);
  }
}
