import { StbpayError } from '../../core/errors.ts';

/** A failure of the service itself (answered 9999): a profile lacking a field a transaction needs, a closed service. */
export class BossServiceError extends StbpayError {
  constructor(message: string) {
    super('BOSS_ERR_SERVICE', message);
  }
}
