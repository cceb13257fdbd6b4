/**
 * The bank front-end emulator (银行前置机) for the BOSS bank interface: transactions, books and daily
 * files, FTP, misbehaviour personas and a load generator. [bank-interface §1–§7]
 * Described in docs/boss/bank-emulator.md.
 */
export { BankEmulator, type BankEmulatorOptions, type BankTransaction, type LostPayment } from './emulator.ts';
export { BankBooks, type BookEntry, type BookOutcome, type Totals, type WithholdingDebit } from './books.ts';
export { SerialGenerator, base36Prefix } from './serials.ts';
export { RequestBuilder, type BankIdentity } from './request-builder.ts';
export { cashDetailFile, withholdingDetailFile, encodeNamedFile, layoutOfName, type NamedFile } from './daily-files.ts';
export { runWithholding, DEFAULT_DEBIT_WEIGHTS, type DebitWeights, type WithholdingRun } from './withholding-results.ts';
export { BankFtp, type BankFtpOptions } from './ftp.ts';
export { deliverFile, directoryDrop, IN_DIR, OUT_DIR, type FileDrop } from './file-drop.ts';
export { BankEmulatorError, BankSettingError } from './errors.ts';
export { BANK_PERSONAS, bankPersona } from './personas/index.ts';
export type * from './personas/types.ts';
export { runLoad } from './load/run-load.ts';
export { runBankDay, type BankDayOptions, type BankDayResult, type BatchSource } from './day.ts';
export { renderTransaction, renderWireOutcome, renderFileOutcome, renderLoadReport, toJson } from './render.ts';
export { parseMix } from './load/mix.ts';
export { DEMO_LOAD_CUSTOMERS } from './load/plan.ts';
export type * from './load/types.ts';
