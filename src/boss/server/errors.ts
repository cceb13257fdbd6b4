import { StbpayError } from '../../core/errors.ts';
import { formatHostPort } from '../../core/host-port.ts';

/** The server could not listen: the address is in use, not local, or not permitted. */
export class BossListenError extends StbpayError {
  /** The system's code (EADDRINUSE, EADDRNOTAVAIL, EACCES), when there is one. */
  readonly systemCode: string | undefined;

  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    super('BOSS_ERR_LISTEN', `cannot listen on ${formatHostPort(host, port)}: ${cause.code ?? cause.message}`, { cause });
    this.systemCode = cause.code;
  }
}
