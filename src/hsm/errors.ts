import { DecodeError, StbpayError } from '../core/errors.ts';
import { errorName, type HsmErrorCode } from './error-codes.ts';

/**
 * A request the HSM refuses: the error code it answers with and the field at fault. Thrown by the
 * field reader (`15` bad field, `80` bad length) and by the emulator's commands (`01`, `05`, `10` ...).
 */
export class HsmRefusal extends StbpayError {
  readonly errorCode: HsmErrorCode;
  readonly field: string;
  /** What was wrong with the field, without its name. */
  readonly detail: string;

  constructor(errorCode: HsmErrorCode, field: string, detail: string) {
    super(`HSM_ERR_${errorName(errorCode).toUpperCase()}`, `${field}: ${detail}`);
    this.errorCode = errorCode;
    this.field = field;
    this.detail = detail;
  }
}

/** The HSM answered a command with an error code other than `00`; `field` is what its answer named. */
export class HsmCommandError extends StbpayError {
  readonly command: string;
  readonly errorCode: string;
  readonly errorName: string;
  readonly field: string;

  constructor(command: string, errorCode: string, field: string) {
    const name = errorName(errorCode);
    super('HSM_ERR_COMMAND', `HSM refused ${command}: error ${errorCode} (${name})${field ? ` at ${field}` : ''}`);
    this.command = command;
    this.errorCode = errorCode;
    this.errorName = name;
    this.field = field;
  }
}

/** Framing that cannot be followed: an announced length over the maximum, or a stream cut mid-frame. */
export class HsmFrameError extends DecodeError {
  readonly reason: 'tooLarge' | 'truncated';

  constructor(reason: HsmFrameError['reason'], message: string, bytes: Uint8Array) {
    super(message, bytes);
    this.reason = reason;
  }
}

/** An answer the client cannot read (wrong response code, bad field): `bytes` is the whole message. */
export class HsmAnswerError extends DecodeError {
  readonly field: string;

  constructor(field: string, message: string, bytes: Uint8Array) {
    super(`HSM answer ${field}: ${message}`, bytes);
    this.field = field;
  }
}

/** The connection could not be made, closed with requests waiting, or an answer did not come in time. */
export class HsmConnectionError extends StbpayError {
  readonly reason: 'connect' | 'closed' | 'timeout';

  constructor(reason: HsmConnectionError['reason'], message: string, options?: ErrorOptions) {
    super(`HSM_ERR_CONNECTION_${reason.toUpperCase()}`, message, options);
    this.reason = reason;
  }
}
