/**
 * Typed errors. Every error the project throws on purpose carries a stable `code` string (for scripts
 * and tests to match on) and, where bytes or a field were at fault, those bytes or that field, so a
 * message can say exactly what was wrong.
 */
export class StbpayError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input given by a user (CLI argument, file, hex string) that cannot be used as it is. */
export class InputError extends StbpayError {
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('STBPAY_ERR_INPUT', `${field}: ${message}`, options);
    this.field = field;
  }
}

/** Bytes that do not decode as the protocol requires; `bytes` are the offending bytes. */
export class DecodeError extends StbpayError {
  readonly bytes: Uint8Array;

  constructor(message: string, bytes: Uint8Array) {
    super('STBPAY_ERR_DECODE', message);
    this.bytes = bytes;
  }
}

/** The message of anything thrown: an Error's message, anything else as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
