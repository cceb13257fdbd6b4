/** The BOSS side of the daily exchange files: DK out, YH/XJMX/DKMX in, reconciliation, exceptions. [bank-interface §7] */
export type * from './ledger.ts';
export type { BatchLog, BatchLogFields } from './log.ts';
export { silentBatchLog } from './log.ts';
export * from './errors.ts';
export { writeDkFile, DK_LAYOUT, type DkWriteOptions, type DkWritten } from './dk-writer.ts';
export { listInbox, INBOUND, type InboxFile } from './inbox.ts';
export { readDailyLines, type DailyLinesOptions, type DailyLinesSummary } from './daily-lines.ts';
export { postResultsFile, YH_LAYOUT, type YhPostingSummary, type YhConflict, type YhInput } from './yh-posting.ts';
export { processInbox, DEFAULT_MAX_FILE_BYTES, type InboxOptions, type InboxPass, type FileOutcome } from './process-inbox.ts';
export { InboxRunner } from './inbox-runner.ts';
export { ExceptionsService, ALLOWED_ACTIONS, type DecisionRequest, type ExceptionsOptions } from './exceptions.ts';
export { archivePathFor, type ArchiveShelf } from './archive.ts';
export { collectBankLines, compareKeys, type SortedBankLines, type CollectedBankLines } from './reconcile/bank-lines.ts';
export { reconcile, type ReconcileSink, type ReconTotals, type CategoryTotal, type EntrySource } from './reconcile/engine.ts';
export { reconcileFile, type ReconcileFileInput, type ReconcileFileResult } from './reconcile/run.ts';
export { REPORT_FORMAT, reportPathFor, type ReportHead } from './reconcile/report.ts';
