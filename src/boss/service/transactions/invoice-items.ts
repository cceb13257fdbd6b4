import type { Allocation, InvoiceItem } from '../../store/records.ts';

/** The ITEM of an invoice line for the part of a payment that went to the prepaid balance. */
export const PREPAID_ITEM = 'PREPAID';

/**
 * The lines of a payment's invoice: its allocations summed by ITEM, in the order each item was
 * first settled (oldest month first), then `PREPAID` for the part that went to the balance.
 * [bank-interface §4 3001 leaves the items open: decision]
 */
export function invoiceItems(allocations: readonly Allocation[]): InvoiceItem[] {
  const byItem = new Map<string, number>();
  let prepaid = 0;
  for (const part of allocations) {
    if (part.target === 'balance') prepaid += part.amount;
    else byItem.set(part.item, (byItem.get(part.item) ?? 0) + part.amount);
  }
  const items = [...byItem].map(([item, amount]) => ({ item, amount }));
  if (prepaid > 0) items.push({ item: PREPAID_ITEM, amount: prepaid });
  return items;
}
