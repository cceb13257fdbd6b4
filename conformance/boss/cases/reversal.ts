import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { expectCode, expectCodeIn } from '../answers.ts';
import { balanceCustomer, billedCustomer, cleanUp } from '../customers.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { reconcileCash } from '../reconcile.ts';
import { oldestMonth, pay, payIntoReconcilable, query, reversalRequest, reverse, sameBills, showBills } from '../transactions.ts';

export const reversalCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-1005-001',
    clause: 'bank-interface §4 1005 (the reversal restores arrears/balance exactly)',
    title: '1005 deletes a payment (0000, ORIGSERIAL echoed) and 1001 then shows exactly the arrears and bills of before',
    tags: ['transaction', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const before = await billedCustomer(session, 1);
        const paid = await pay(session, before.custno, oldestMonth(before.bills).total);
        const middle = await query(session, before.custno);
        checkEqual(middle.arrears, before.arrears - paid.amount, `ARREARS after the payment of ${paid.amount}`);
        await reverse(session, paid);
        const after = await query(session, before.custno);
        checkEqual(after.arrears, before.arrears, `ARREARS after deleting the payment [bank-interface §4 1005]`);
        check(sameBills(after.bills, before.bills), `bills after deleting the payment: ${showBills(after.bills)}, before it: ${showBills(before.bills)} [bank-interface §4 1005]`);
      });
    },
  },
  {
    id: 'BOSS-TX-1005-002',
    clause: 'bank-interface §4 1005 (the reversal restores arrears/balance exactly)',
    title: '1005 of a payment that went to prepaid balance takes exactly that amount off the balance',
    tags: ['transaction', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const first = await pay(session, custno, context.random.int(100, 999));
        const second = await pay(session, custno, context.random.int(1_000, 9_999));
        await reverse(session, second);
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, first.balance + 1, `BALANCE after deleting the payment of ${second.amount} and paying 1 [bank-interface §4 1005]`);
      });
    },
  },
  {
    id: 'BOSS-RESP-2005-001',
    clause: 'bank-interface §6 2005 (original transaction already reconciled or reversed)',
    title: 'deleting a payment a second time (another BANKSERIAL) answers 2005 and changes nothing',
    tags: ['response-code', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const paid = await pay(session, custno, context.random.int(100, 999));
        await reverse(session, paid);
        expectCode(await session.resend(reversalRequest(session, paid), '1005 again'), '2005', '1005 of a payment already deleted');
        const probe = await pay(session, custno, 1);
        checkEqual(probe.balance, paid.balance - paid.amount + 1, 'BALANCE after the refused second delete and a payment of 1');
      });
    },
  },
  {
    id: 'BOSS-RESP-2005-002',
    clause: 'bank-interface §4 1005, §4 2001 (RESULT 0 marks the date reconciled; deletes are refused after that, 2005)',
    title: 'after a cash reconciliation with RESULT 0, deleting a payment of that date answers 2005',
    tags: ['response-code', '1005', '2001'],
    async run(context) {
      await withSession(context, async (session) => {
        const date = context.target.dates.closed;
        session.evidence.note(`payment and RESULT 0 reconciliation dated ${date} (the day before the reconciliation date; closed to deletes for good)`);
        const paid = await payIntoReconcilable(session, context.target.data.balanceCustomer, context.random.int(100, 999), { txdate: date });
        await reconcileCash(session, date);
        if (paid === 'closed') {
          // an earlier run reconciled this date and this BOSS takes no new payment into it (2005): the
          // date is closed, which is what the case checks; its deletes were checked by that run
          session.evidence.note(`${date} was reconciled with RESULT 0 by an earlier run and this BOSS refuses new payments into it (2005)`);
          return;
        }
        expectCode(await session.resend(reversalRequest(session, paid), `1005 after reconciliation of ${date}`), '2005', `1005 of a payment of ${date} after its RESULT 0 reconciliation`);
      });
    },
  },
  {
    id: 'BOSS-RESP-2004-001',
    clause: 'bank-interface §6 2004 (original transaction not found)',
    title: '1005 naming a BANKSERIAL the BOSS never saw answers 2004',
    tags: ['response-code', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const request = session.request('1005', { ORIGSERIAL: context.target.serials.next(), CUSTNO: context.target.data.balanceCustomer, AMOUNT: '100' });
        expectCode(await session.resend(request, '1005 of an unknown serial'), '2004', '1005 of a payment that does not exist');
      });
    },
  },
  {
    id: 'BOSS-RESP-2004-002',
    clause: 'bank-interface §4 1005 (only a payment of the same BANKCODE and the same TXDATE), §6 2004, 2005',
    title: '1005 dated another day than the payment is refused (2004 not found, or 2005), and the payment can still be deleted on its own day',
    tags: ['response-code', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const paid = await pay(session, (await balanceCustomer(session)).custno, context.random.int(100, 999));
        // A day the suite does not reconcile with this reconciliation date, so nothing but the date differs.
        const otherDay = context.target.dates.otherDay;
        // §4 says which payments a 1005 may reverse, not which code refuses the others: "not found"
        // under that date (2004) and "not reversible" (2005) both fit §6.
        const code = expectCodeIn(await session.resend(reversalRequest(session, paid, { txdate: otherDay }), `1005 dated ${otherDay}`), ['2004', '2005'], `1005 dated ${otherDay} of a payment of ${paid.txdate}`);
        session.evidence.note(`1005 dated another day answered ${code}`);
        await reverse(session, paid);
      });
    },
  },
  {
    id: 'BOSS-RESP-2003-002',
    clause: 'bank-interface §6 2003 (amount invalid or not matching), §4 1005',
    title: '1005 with an AMOUNT other than the payment\'s answers 2003 and deletes nothing',
    tags: ['response-code', '1005'],
    async run(context) {
      await withSession(context, async (session) => {
        const paid = await pay(session, (await balanceCustomer(session)).custno, context.random.int(100, 999));
        try {
          const sent = await session.resend(reversalRequest(session, paid, { amount: paid.amount + 1 }), '1005 with the wrong amount');
          expectCode(sent, '2003', `1005 with AMOUNT ${paid.amount + 1} of a payment of ${paid.amount}`);
          const probe = await pay(session, paid.custno, 1);
          checkEqual(probe.balance, paid.balance + 1, 'BALANCE after the refused delete and a payment of 1 (nothing deleted)');
        } finally {
          await cleanUp(session, `delete ${paid.serial}`, () => reverse(session, paid));
        }
      });
    },
  },
];
