import { InputError } from '../../src/core/errors.ts';
import { addDays, checkDate } from '../../src/boss/local-date.ts';

/**
 * The dates a run puts in TXDATE, ORIGDATE and CHKDATE. §3 sets no window for TXDATE, but a real BOSS
 * may refuse dates far from its business date, so every date is the business date or one of the three
 * days ending at R, the reconciliation date (before the business date; by default the day before):
 * - `business`: every request but the few below;
 * - `reconcile` (R): BOSS-TX-2001-001 pays on it, then 2001 and 2002 reconcile it with RESULT 0;
 * - `closed` (R−1): BOSS-RESP-2005-002 pays on it, reconciles it with RESULT 0, then tries a delete;
 * - `otherDay` (R−2): "another day" for BOSS-RESP-2004-002 (a delete dated it, refused) and
 *   BOSS-IDEM-005 (a payment dated it); a run with this R does not reconcile it.
 * A RESULT 0 closes its date to deletes for good [bank-interface §4 1005, 2001/2002], hence R and R−1
 * are days the suite gives up, never the business date, whose payments the cases delete again.
 */
export interface RunDates {
  readonly business: string;
  readonly reconcile: string;
  readonly closed: string;
  readonly otherDay: string;
}

/** The run's dates from the business date and, when given, R (`source` names where it came from). */
export function runDates(business: string, reconcileDate?: string, source = '--reconcile-date'): RunDates {
  const reconcile = reconcileDate === undefined ? addDays(business, -1) : checkDate(reconcileDate, source);
  if (reconcile >= business) {
    throw new InputError(
      source,
      `${reconcile} is not before the business date ${business}: the suite reconciles it for good (RESULT 0 closes a date to deletes), and it deletes payments dated the business date`,
    );
  }
  return { business, reconcile, closed: addDays(reconcile, -1), otherDay: addDays(reconcile, -2) };
}
