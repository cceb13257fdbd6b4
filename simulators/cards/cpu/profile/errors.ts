import { StbpayError } from '../../../../src/core/errors.ts';

/** A CPU card profile or image that cannot be used; `path` names the field, e.g. `mf.files[2].sfi`. */
export class CpuProfileError extends StbpayError {
  constructor(
    readonly origin: string,
    readonly path: string,
    detail: string,
  ) {
    super('STBPAY_ERR_CPU_PROFILE', `${origin}: ${path}: ${detail}`);
  }
}
