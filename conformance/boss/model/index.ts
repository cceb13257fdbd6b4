/**
 * The pure reference model of the BOSS ledger (customers, bills, balance, payments, reversals,
 * reconciled dates, agreements, invoices) and the random transactions a model-based property sends.
 */
export * from './state.ts';
export { step, type ModelRequest } from './step.ts';
export { ledgerActions, initialCustomers, requestFor, TXDATES, type LedgerAction, type InitialCustomer, type RequestMaker } from './actions.ts';
export { modelOf } from './init.ts';
