import type { InitialCustomer } from './actions.ts';
import { emptyModel, type LedgerModel, type ModelBank } from './state.ts';

/** The model of a ledger holding these banks and customers and nothing else. */
export function modelOf(banks: Readonly<Record<string, ModelBank>>, customers: readonly InitialCustomer[]): LedgerModel {
  const model = emptyModel(banks);
  for (const c of customers) {
    const bills = c.bills
      .map((b) => ({ ...b, paid: 0 }))
      // settling order: month, then item [§4 1002 oldest month first]
      .sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    model.customers[c.custno] = { custno: c.custno, name: c.name, address: c.address, status: c.status, balance: c.balance, bills };
  }
  return model;
}
