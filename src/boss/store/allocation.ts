import { LedgerRuleError } from './errors.ts';
import type { Allocation, BillRecord } from './records.ts';

/** The largest amount a field of 12 digits can carry. [bank-interface §2, §4 1002] */
export const MAX_AMOUNT = 999_999_999_999;

/**
 * How a payment is split: outstanding bills oldest month first (then item), each settled as far as
 * the money goes, any excess to the prepaid balance. [bank-interface §4 1002] Pure, so every store
 * implementation posts alike. `bills` must be the outstanding bills in settling order.
 */
export function planAllocation(bills: readonly BillRecord[], amount: number): Allocation[] {
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    throw new LedgerRuleError('AMOUNT', `${amount} is not an amount of 1..${MAX_AMOUNT} fen`);
  }
  const plan: Allocation[] = [];
  let left = amount;
  for (const bill of bills) {
    if (left === 0) break;
    const due = bill.amount - bill.paid;
    if (due <= 0) continue;
    const part = Math.min(due, left);
    plan.push({ target: 'bill', month: bill.month, item: bill.item, amount: part });
    left -= part;
  }
  if (left > 0) plan.push({ target: 'balance', amount: left });
  return plan;
}

/** Bills in the order payments settle them. */
export function settlingOrder(a: BillRecord, b: BillRecord): number {
  if (a.month !== b.month) return a.month < b.month ? -1 : 1;
  return a.item < b.item ? -1 : a.item > b.item ? 1 : 0;
}
