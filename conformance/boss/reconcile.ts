import { checkEqual } from '../framework/case.ts';
import { checkEchoed, expectSuccess, field, numberField } from './answers.ts';
import type { BossSession, Sent } from './session.ts';

/** 2001 cash or 2002 withholding total reconciliation. [bank-interface §4] */
export type ReconciliationCode = '2001' | '2002';

/** What a 2001/2002 answer said. */
export interface Reconciliation {
  readonly count: number;
  readonly total: number;
  readonly result: string;
  readonly sent: Sent;
}

/** A count no bank reaches in a day: a reconciliation with it is a mismatch that tells BOSS's own totals. */
const SURE_MISMATCH_COUNT = '999999999';

/** 2001/2002 for `date` with the bank's `count` and `total`, answered 0000 with CHKDATE echoed. */
export async function reconcile(session: BossSession, txcode: ReconciliationCode, date: string, count: string, total: string): Promise<Reconciliation> {
  const sent = await session.send(txcode, { CHKDATE: date, COUNT: count, TOTAL: total }, `${txcode} reconcile ${date} count ${count} total ${total}`);
  const what = `${txcode} reconciliation of ${date}`;
  const answer = expectSuccess(sent, what);
  checkEchoed(answer, 'CHKDATE', date, what);
  return { count: numberField(answer, 'BOSSCOUNT'), total: numberField(answer, 'BOSSTOTAL'), result: field(answer, 'RESULT'), sent };
}

/** BOSS's count and total for `date`, read with a reconciliation that cannot match (RESULT 1 changes nothing). */
export async function bossTotals(session: BossSession, txcode: ReconciliationCode, date: string): Promise<Reconciliation> {
  const probe = await reconcile(session, txcode, date, SURE_MISMATCH_COUNT, '0');
  checkEqual(probe.result, '1', `RESULT of a ${txcode} with COUNT ${SURE_MISMATCH_COUNT} against BOSSCOUNT ${probe.count} [bank-interface §4 2001/2002: 1 mismatch]`);
  return probe;
}

/** Reconciles `date`'s cash total with BOSS's own figures: RESULT 0, which closes the date to deletes. */
export async function reconcileCash(session: BossSession, date: string, txcode: ReconciliationCode = '2001'): Promise<Reconciliation> {
  const totals = await bossTotals(session, txcode, date);
  const matched = await reconcile(session, txcode, date, String(totals.count), String(totals.total));
  checkEqual(matched.result, '0', `RESULT of a ${txcode} with BOSS's own count ${totals.count} and total ${totals.total} [bank-interface §4 2001/2002: 0 match]`);
  checkEqual(matched.count, totals.count, `BOSSCOUNT of ${date} again`);
  checkEqual(matched.total, totals.total, `BOSSTOTAL of ${date} again`);
  return matched;
}
