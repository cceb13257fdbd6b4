import { StbpayError } from '../../core/errors.ts';

/**
 * A profile document that does not describe a usable profile. `path` names the bad element the way
 * it is written in the JSON, e.g. `transactions.1002.request[2].format`.
 */
export class ProfileError extends StbpayError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('BOSS_ERR_PROFILE', `${path || '(profile)'}: ${message}`, options);
    this.path = path;
  }
}
