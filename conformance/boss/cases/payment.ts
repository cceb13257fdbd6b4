import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { balanceCustomer, billedCustomer, cleanUp } from '../customers.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { oldestMonth, pay, query, reverse, sameBills, showBills, type Payment } from '../transactions.ts';

export const paymentCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-1002-001',
    clause: 'bank-interface §4 1002 (arrears are settled oldest month first, any excess becomes prepaid balance)',
    title: '1002 settles the oldest month first; paying the rest and more leaves no arrears and BALANCE up by the excess',
    tags: ['transaction', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const before = await billedCustomer(session, 2);
        const oldest = oldestMonth(before.bills);
        const payments: Payment[] = [];
        try {
          const first = await pay(session, before.custno, oldest.total);
          payments.push(first);
          const middle = await query(session, before.custno);
          const expected = before.bills.filter((b) => b.month !== oldest.month);
          check(
            sameBills(middle.bills, expected),
            `after paying ${oldest.total}, the total of the oldest month ${oldest.month}, ${before.custno} should owe ${showBills(expected)} but 1001 shows ${showBills(middle.bills)} [bank-interface §4 1002: oldest month first]`,
          );
          checkEqual(middle.arrears, before.arrears - oldest.total, `ARREARS after paying the oldest month [bank-interface §4 1001]`);
          const excess = 100 + context.random.int(0, 899);
          const second = await pay(session, before.custno, middle.arrears + excess, { paytype: '2' });
          payments.push(second);
          checkEqual(second.balance, first.balance + excess, `BALANCE after paying the remaining ${middle.arrears} and ${excess} more (it was ${first.balance} after a payment without excess) [bank-interface §4 1002]`);
          const after = await query(session, before.custno);
          check(after.arrears === 0 && after.bills.length === 0, `${before.custno} paid everything but 1001 shows ARREARS ${after.arrears}, bills ${showBills(after.bills)}`);
          check(first.bossSerial !== second.bossSerial, `two payments got the same BOSSSERIAL ${first.bossSerial} [bank-interface §3]`);
        } finally {
          await cleanUp(session, 'delete the payments', async () => {
            for (const p of payments.reverse()) await reverse(session, p);
          });
        }
      });
    },
  },
  {
    id: 'BOSS-TX-1002-002',
    clause: 'bank-interface §4 1002 (BALANCE: prepaid balance after posting; PAYTYPE 1 cash, 2 bank card)',
    title: 'payments to a customer without arrears become prepaid balance, by cash and by bank card',
    tags: ['transaction', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = (await balanceCustomer(session)).custno;
        const x = context.random.int(100, 9_999);
        const y = context.random.int(100, 9_999);
        const first = await pay(session, custno, x, { paytype: '1' });
        check(first.balance >= x, `BALANCE ${first.balance} after paying ${x} to a customer without arrears is below the payment [bank-interface §4 1002]`);
        const second = await pay(session, custno, y, { paytype: '2' });
        checkEqual(second.balance, first.balance + y, `BALANCE after a second payment of ${y} [bank-interface §4 1002]`);
        check(first.bossSerial !== second.bossSerial, `two payments got the same BOSSSERIAL ${first.bossSerial} [bank-interface §3]`);
        const after = await query(session, custno);
        checkEqual(after.arrears, 0, `ARREARS of ${custno} after the payments`);
      });
    },
  },
];
