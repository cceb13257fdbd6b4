import type { ConformanceCase } from '../framework/case.ts';
import { agreementCases } from './cases/agreement.ts';
import { allowListCases } from './cases/allow-list.ts';
import { businessCodeCases } from './cases/business-codes.ts';
import { framingCases } from './cases/framing.ts';
import { idempotencyCases } from './cases/idempotency.ts';
import { invoiceCases } from './cases/invoice.ts';
import { makeUpCases } from './cases/makeup.ts';
import { paymentCases } from './cases/payment.ts';
import { queryCases } from './cases/query.ts';
import { reconciliationCases } from './cases/reconciliation.ts';
import { requestCodeCases } from './cases/request-codes.ts';
import { reversalCases } from './cases/reversal.ts';
import { timeoutCases } from './cases/timeouts.ts';
import type { BossTarget } from './target.ts';

export const BOSS_SUITE_NAME = 'stbpay BOSS bank-interface conformance';

/** Cases that wait out the §1 timers (10 s, 60 s): run only when asked for (`--include-slow`). */
export const SLOW_TAG = 'slow';

/**
 * Every BOSS case, in the order they run: framing and the allow-list first (they need nothing of the
 * data), then the request-level answer codes, the eleven transactions with their refusals, and
 * idempotency; the slow timer cases last.
 */
export const BOSS_CASES: readonly ConformanceCase<BossTarget>[] = [
  ...framingCases,
  ...allowListCases,
  ...requestCodeCases,
  ...businessCodeCases,
  ...queryCases,
  ...paymentCases,
  ...agreementCases,
  ...reversalCases,
  ...makeUpCases,
  ...reconciliationCases,
  ...invoiceCases,
  ...idempotencyCases,
  ...timeoutCases,
];

/** The cases of a run: the slow ones only when included. */
export function bossCases(options: { includeSlow?: boolean } = {}): ConformanceCase<BossTarget>[] {
  return BOSS_CASES.filter((c) => options.includeSlow === true || !c.tags.includes(SLOW_TAG));
}
