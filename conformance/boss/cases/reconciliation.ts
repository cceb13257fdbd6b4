import { checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { expectCode } from '../answers.ts';
import { addDays } from '../../../src/boss/local-date.ts';
import { bossTotals, reconcile, reconcileCash } from '../reconcile.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { payIntoReconcilable } from '../transactions.ts';

export const reconciliationCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-2001-001',
    clause: 'bank-interface §4 2001 (compare the bank\'s count and total for CHKDATE with BOSS\'s own; RESULT 0 match, 1 mismatch)',
    title: '2001 counts a cash payment of CHKDATE in BOSSCOUNT and BOSSTOTAL, answers RESULT 1 on any difference and 0 on a match',
    tags: ['transaction', '2001'],
    async run(context) {
      await withSession(context, async (session) => {
        const date = context.target.dates.reconcile;
        session.evidence.note(`reconciliation date ${date} (closed to deletes for good by the RESULT 0)`);
        const before = await bossTotals(session, '2001', date);
        const paid = await payIntoReconcilable(session, context.target.data.balanceCustomer, context.random.int(100, 9_999), { txdate: date, paytype: '1' });
        const after = await bossTotals(session, '2001', date);
        if (paid === 'closed') {
          // reconciled with RESULT 0 by an earlier run, and closed to new payments by this BOSS (2005): nothing counted
          session.evidence.note(`${date} already reconciled by an earlier run: the payment was refused (2005) and the totals must not move`);
          checkEqual(after.count, before.count, `BOSSCOUNT of ${date} after a refused payment [bank-interface §4 2001]`);
          checkEqual(after.total, before.total, `BOSSTOTAL of ${date} after a refused payment [bank-interface §4 2001]`);
        } else {
          checkEqual(after.count, before.count + 1, `BOSSCOUNT of ${date} after one cash payment [bank-interface §4 2001]`);
          checkEqual(after.total, before.total + paid.amount, `BOSSTOTAL of ${date} after a cash payment of ${paid.amount} [bank-interface §4 2001]`);
        }
        const wrongTotal = await reconcile(session, '2001', date, String(after.count), String(after.total + 1));
        checkEqual(wrongTotal.result, '1', 'RESULT when only the total differs (by 1 fen)');
        const wrongCount = await reconcile(session, '2001', date, String(after.count + 1), String(after.total));
        checkEqual(wrongCount.result, '1', 'RESULT when only the count differs');
        await reconcileCash(session, date);
      });
    },
  },
  {
    id: 'BOSS-TX-2002-001',
    clause: 'bank-interface §4 2002 (withholding total: RESULT 0 match, 1 mismatch)',
    title: '2002 answers BOSS\'s withholding count and total for CHKDATE, RESULT 1 on a difference and 0 on a match',
    tags: ['transaction', '2002'],
    async run(context) {
      await withSession(context, async (session) => {
        const date = context.target.dates.reconcile;
        session.evidence.note(`reconciliation date ${date} (reconciled for good by the RESULT 0)`);
        const totals = await bossTotals(session, '2002', date);
        const wrongTotal = await reconcile(session, '2002', date, String(totals.count), String(totals.total + 1));
        checkEqual(wrongTotal.result, '1', 'RESULT when the total differs by 1 fen');
        await reconcileCash(session, date, '2002');
      });
    },
  },
  {
    id: 'BOSS-RESP-3001-001',
    clause: 'bank-interface §4 (a reconciliation date in the future is refused, 3001), §6 3001',
    title: '2001 for the day after the business date answers 3001',
    tags: ['response-code', '2001'],
    async run(context) {
      await withSession(context, async (session) => {
        const tomorrow = addDays(context.target.businessDate, 1);
        const sent = await session.send('2001', { CHKDATE: tomorrow, COUNT: '0', TOTAL: '0' }, `2001 reconcile ${tomorrow}`);
        expectCode(sent, '3001', `2001 for ${tomorrow}, after the business date ${context.target.businessDate}`);
      });
    },
  },
  {
    id: 'BOSS-RESP-3001-002',
    clause: 'bank-interface §4 (a reconciliation date in the future is refused, 3001), §6 3001',
    title: '2002 for the day after the business date answers 3001',
    tags: ['response-code', '2002'],
    async run(context) {
      await withSession(context, async (session) => {
        const tomorrow = addDays(context.target.businessDate, 1);
        const sent = await session.send('2002', { CHKDATE: tomorrow, COUNT: '0', TOTAL: '0' }, `2002 reconcile ${tomorrow}`);
        expectCode(sent, '3001', `2002 for ${tomorrow}, after the business date ${context.target.businessDate}`);
      });
    },
  },
];
