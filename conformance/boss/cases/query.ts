import { check, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { billedCustomer, cleanUp } from '../customers.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { oldestMonth, pay, query, reverse, sameBills, showBills } from '../transactions.ts';

export const queryCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-1001-001',
    clause: 'bank-interface §4 1001, §3, §8',
    title: '1001 answers 0000 with the customer\'s number, name and address, ARREARS the sum of BILLCOUNT bill lines',
    tags: ['transaction', '1001'],
    async run(context) {
      await withSession(context, async (session) => {
        const { custno, name, address } = context.target.data.namedCustomer;
        const arrears = await query(session, custno);
        checkEqual(arrears.name, name, `CUSTNAME of ${custno} [bank-interface §4 1001]`);
        checkEqual(arrears.address, address, `ADDRESS of ${custno} [bank-interface §4 1001]`);
        session.evidence.note(`${custno}: ARREARS ${arrears.arrears}, bills ${showBills(arrears.bills)}`);
      });
    },
  },
  {
    id: 'BOSS-TX-1001-002',
    clause: 'bank-interface §4 1001, §4 1002 (1002 credits the customer\'s account, oldest month first)',
    title: '1001 after a 1002 of the oldest month\'s bills shows the arrears less the amount paid, without that month\'s lines',
    tags: ['transaction', '1001', '1002'],
    async run(context) {
      await withSession(context, async (session) => {
        const before = await billedCustomer(session, 1);
        // A whole month: §4 does not say how a partly paid bill is shown.
        const oldest = oldestMonth(before.bills);
        const paid = await pay(session, before.custno, oldest.total);
        try {
          const after = await query(session, before.custno);
          checkEqual(after.arrears, before.arrears - paid.amount, `ARREARS of ${before.custno} after paying ${paid.amount} of ${before.arrears} [bank-interface §4 1001, 1002]`);
          const expected = before.bills.filter((b) => b.month !== oldest.month);
          check(sameBills(after.bills, expected), `after paying month ${oldest.month} (${paid.amount}) 1001 shows ${showBills(after.bills)}, expected ${showBills(expected)} [bank-interface §4 1001, 1002]`);
        } finally {
          await cleanUp(session, `delete the payment ${paid.serial}`, () => reverse(session, paid));
        }
      });
    },
  },
  {
    id: 'BOSS-TX-1001-003',
    clause: 'bank-interface §4 1001 (BILLCOUNT × BILLMONTH, ITEM, AMOUNT)',
    title: 'a customer without bills: ARREARS 0 and BILLCOUNT 0',
    tags: ['transaction', '1001'],
    async run(context) {
      await withSession(context, async (session) => {
        const arrears = await query(session, context.target.data.balanceCustomer);
        check(arrears.arrears === 0 && arrears.bills.length === 0, `${arrears.custno} was to hold no bills (--data balanceCustomer) but shows ${showBills(arrears.bills)}`);
      });
    },
  },
];
