import { StbpayError } from '../core/errors.ts';
import { hexWord } from '../core/hex.ts';

/** A purse transaction that could not be done; `step` names where, `sw` the status word when a card or PSAM answered one. */
export class PurseTransactionError extends StbpayError {
  readonly step: string;
  readonly sw: number | undefined;

  constructor(code: string, step: string, message: string, sw?: number, options?: { cause?: unknown }) {
    super(code, `${step}: ${message}${sw === undefined ? '' : ` (SW ${hexWord(sw)})`}`, options);
    this.step = step;
    this.sw = sw;
  }
}

/** The card's balance does not cover the amount (GET BALANCE, or 9401 from INITIALIZE): nothing was debited. */
export class InsufficientFundsError extends PurseTransactionError {
  constructor(sw?: number) {
    super('STBPAY_ERR_PURSE_FUNDS', sw === undefined ? 'GET BALANCE' : 'INITIALIZE FOR PURCHASE', 'the balance does not cover the amount', sw);
  }
}

/**
 * The answer to the command that moves the money (DEBIT, CREDIT) never came: the card lost power,
 * was pulled, went mute. Whether it happened is for `recoverInDoubt` to find out from the card.
 */
export class InDoubtError extends PurseTransactionError {
  readonly entryId: string;

  constructor(step: string, entryId: string, cause: unknown) {
    super('STBPAY_ERR_PURSE_IN_DOUBT', step, `no answer; transaction ${entryId} is in doubt until the card is asked again (recoverInDoubt)`, undefined, { cause });
    this.entryId = entryId;
  }
}
