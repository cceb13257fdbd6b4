import { StbpayError } from '../core/errors.ts';

/** A key or block the cryptography cannot take as it is: `field` names it, `length` is what came. */
export class CryptoInputError extends StbpayError {
  readonly field: string;
  readonly length: number;

  constructor(field: string, length: number, expected: string) {
    super('STBPAY_ERR_CRYPTO_INPUT', `${field}: ${length} bytes, ${expected}`);
    this.field = field;
    this.length = length;
  }
}
