/** The terminal-side PBOC purse engine: purchase with a PSAM, recovery of a purchase in doubt, its journal. */
export { purchase, PurchaseInDoubtError, type PurchaseReceipt, type PurchaseRequest } from './purchase.ts';
export { recoverPurchases, type Recovered } from './recover.ts';
export { FileJournal, MemoryJournal, type PurchaseEntry, type PurchaseJournal, type PurchaseState } from './journal.ts';
export { InsufficientFundsError, PurseTransactionError } from './errors.ts';
export type { CardIdentity, PurseTerminal } from './terminal.ts';
export type { PurseApplicationKind } from './card-apdus.ts';
