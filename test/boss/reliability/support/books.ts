import type Database from 'better-sqlite3';
import type { BillAmounts } from './ledger.ts';

/**
 * The books add up [bank-interface §4, §5: no unanswered transaction half applied]: each payment's
 * allocations sum to its amount; each bill's `paid` is what the live (not reversed) payments put on
 * it and never more than the bill; each customer's balance is the excess of its live payments; the
 * bills are the original bills (none added, none changed), so arrears + live payments to bills =
 * the original bills; reversed = has a reversal.
 */
export function bookProblems(db: Database.Database, bills: BillAmounts, originalBills: BillAmounts | undefined): string[] {
  const problems: string[] = [];
  const rows = (what: string, sql: string): void => {
    for (const row of db.prepare(sql).all()) problems.push(`${what}: ${JSON.stringify(row)}`);
  };
  rows(
    'payment whose allocations do not sum to its amount',
    `SELECT p.bossserial, p.amount, coalesce(sum(a.amount), 0) AS allocated FROM payments p LEFT JOIN allocations a ON a.payment_id = p.id GROUP BY p.id HAVING allocated != p.amount`,
  );
  rows('bill paid beyond its amount', `SELECT custno, month, item, amount, paid FROM bills WHERE paid > amount OR paid < 0`);
  rows(
    'bill whose paid is not the sum of its live allocations',
    `SELECT b.custno, b.month, b.item, b.paid, coalesce((SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.bill_id = b.id AND p.status = 'posted'), 0) AS live
     FROM bills b WHERE b.paid != live`,
  );
  rows(
    'customer balance is not the excess of its live payments',
    `SELECT c.custno, c.balance, coalesce((SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.bill_id IS NULL AND p.custno = c.custno AND p.status = 'posted'), 0) AS excess
     FROM customers c WHERE c.balance != excess`,
  );
  rows(
    'customer whose live payments are not its bills paid plus its balance',
    `SELECT c.custno, c.balance,
       coalesce((SELECT sum(p.amount) FROM payments p WHERE p.custno = c.custno AND p.status = 'posted'), 0) AS live,
       coalesce((SELECT sum(b.paid) FROM bills b WHERE b.custno = c.custno), 0) AS paid
     FROM customers c WHERE live != paid + c.balance`,
  );
  rows(
    'allocation to a bill of another customer',
    `SELECT p.bossserial, b.custno AS billCustno, p.custno FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id WHERE b.custno != p.custno`,
  );
  rows(
    'payment status and reversals disagree',
    `SELECT p.bossserial, p.status FROM payments p WHERE (p.status = 'reversed') != EXISTS (SELECT 1 FROM reversals r WHERE r.payment_id = p.id)`,
  );
  rows('bank key held by more than one payment', `SELECT bankcode, txdate, bankserial, count(*) AS n FROM payments GROUP BY bankcode, txdate, bankserial HAVING n > 1`);
  rows('BOSSSERIAL held by more than one payment', `SELECT bossserial, count(*) AS n FROM payments GROUP BY bossserial HAVING n > 1`);
  if (originalBills) {
    for (const [bill, amount] of bills) {
      if (originalBills.get(bill) !== amount) problems.push(`bill ${bill} of ${amount} is not an original bill (${originalBills.get(bill) ?? 'none'})`);
    }
    for (const bill of originalBills.keys()) if (!bills.has(bill)) problems.push(`original bill ${bill} is gone`);
    // arrears + what live payments put on bills = the original bills, customer by customer
    const perCustomer = db
      .prepare(
        `SELECT b.custno, sum(b.amount - b.paid) AS arrears,
           coalesce((SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.bill_id IS NOT NULL AND p.custno = b.custno AND p.status = 'posted'), 0) AS settled
         FROM bills b GROUP BY b.custno`,
      )
      .all() as { custno: string; arrears: number; settled: number }[];
    const original = new Map<string, number>();
    for (const [bill, amount] of originalBills) {
      const custno = bill.split('/')[0]!;
      original.set(custno, (original.get(custno) ?? 0) + amount);
    }
    for (const row of perCustomer) {
      if (row.arrears + row.settled !== original.get(row.custno)) {
        problems.push(`customer ${row.custno}: arrears ${row.arrears} + settled by live payments ${row.settled} != original bills ${original.get(row.custno) ?? 0}`);
      }
    }
  }
  return problems;
}
