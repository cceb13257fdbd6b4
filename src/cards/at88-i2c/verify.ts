import type { PollOptions } from './ack-polling.ts';
import { PAC_FULL, attemptsLeft } from './attempts-counter.ts';
import { At88LastAttemptError, At88PasswordLockedError } from './errors.ts';
import type { PasswordRef } from './password.ts';

/** What the drivers do around a Verify Password, on both parts: they read the PAC first. */
export interface VerifyOptions extends PollOptions {
  /** Present the password even when only one attempt is left. */
  readonly insist?: boolean;
}

export interface VerifyResult {
  /** The PAC read back after the presentation is FF. */
  readonly verified: boolean;
  /** Attempts left after this presentation (1 bits of the counter). */
  readonly attemptsLeft: number;
  readonly pac: number;
}

/**
 * Refuses to present a password whose counter `pac` (read before) is exhausted: the chip would not
 * take it into account [0971H §10] (At88PasswordLockedError); or has one attempt left, unless the
 * caller insists, because a wrong password would lock it for good (At88LastAttemptError).
 */
export function checkAttemptsBefore(ref: PasswordRef, pac: number, insist = false): void {
  const left = attemptsLeft(pac);
  if (left === 0) throw new At88PasswordLockedError(ref, pac);
  if (left === 1 && !insist) throw new At88LastAttemptError(ref, pac);
}

/** The result from the PAC read after the presentation: FF when the password was right. */
export function verifyResult(pac: number): VerifyResult {
  return { verified: pac === PAC_FULL, attemptsLeft: attemptsLeft(pac), pac };
}
