import { StbpayError } from '../../src/core/errors.ts';
import { formatHostPort } from '../../src/core/host-port.ts';

/** The emulator could not listen: the address is in use, not local, or not permitted. */
export class HsmListenError extends StbpayError {
  readonly systemCode: string | undefined;

  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    super('HSM_ERR_LISTEN', `cannot listen on ${formatHostPort(host, port)}: ${cause.code ?? cause.message}`, { cause });
    this.systemCode = cause.code;
  }
}
