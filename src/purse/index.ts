/** The terminal-side PBOC purse engine: purchase with a PSAM, recovery of a purchase in doubt, its journal. */
export { purchase, type PurchaseReceipt, type PurchaseRequest } from './purchase.ts';
export { recoverInDoubt, type Recovered } from './recover.ts';
export { FileJournal, MemoryJournal, type PurseEntry, type PurseJournal, type PurseEntryState } from './journal.ts';
export { InDoubtError, InsufficientFundsError, PurseTransactionError } from './errors.ts';
export type { CardIdentity, PurseTerminal } from './terminal.ts';
export type { PurseApplicationKind } from './card-apdus.ts';
export { load, LoadRefusedError, type LoadAuthority, type LoadMacRequest, type LoadReceipt, type LoadRequest, type LoadTerminal } from './load.ts';
export { hsmLoadAuthority } from './hsm-load-authority.ts';
