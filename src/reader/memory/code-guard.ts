import { StbpayError } from '../../core/errors.ts';

/** Options of every operation that presents a secret code (PSC, password, security code) to a card. */
export interface PresentOptions {
  /**
   * Present the code even when only one attempt is left. A wrong code then locks the card for
   * good, so the caller must say so explicitly.
   */
  readonly insist?: boolean;
}

/**
 * Refused to present a code at the card's last attempt without `insist`: a wrong code would brick a
 * customer's card. Nothing was sent to the card.
 */
export class LastAttemptRefusedError extends StbpayError {
  constructor(
    readonly codeName: string,
    readonly attemptsLeft: number,
  ) {
    super(
      'STBPAY_ERR_LAST_ATTEMPT',
      `${codeName}: only ${attemptsLeft} attempt left; a wrong code would lock the card for good. Pass insist to present it anyway`,
    );
  }
}

/** The code has no attempt left: the card can never be unlocked. Nothing was sent to the card. */
export class ReaderCodeLockedError extends StbpayError {
  constructor(readonly codeName: string) {
    super('STBPAY_ERR_CODE_LOCKED', `${codeName}: no attempt left, the code is locked for good`);
  }
}

/** The card (through the reader) rejected the presented code; `attemptsLeft` is what its counter now shows. */
export class WrongCodeError extends StbpayError {
  constructor(
    readonly codeName: string,
    readonly attemptsLeft: number,
  ) {
    super('STBPAY_ERR_WRONG_CODE', `${codeName}: wrong code, ${attemptsLeft} attempt(s) left`);
  }
}

/**
 * The check every presentation makes before sending anything: throws ReaderCodeLockedError at 0 attempts
 * and LastAttemptRefusedError at 1 unless `insist`.
 */
export function guardPresentation(codeName: string, attemptsLeft: number, options: PresentOptions = {}): void {
  if (attemptsLeft <= 0) throw new ReaderCodeLockedError(codeName);
  if (attemptsLeft === 1 && !options.insist) throw new LastAttemptRefusedError(codeName, attemptsLeft);
}
