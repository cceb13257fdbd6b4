import { isAbsolute, relative, resolve } from 'node:path';
import { errorMessage, InputError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { BossFileError } from '../codec/errors.ts';
import type { BankHome } from '../ftp/bank-homes.ts';
import type { Profile } from '../profile/types.ts';
import { archiveInboxFile, archivePathFor, type ArchiveShelf } from './archive.ts';
import { FileRejectedError, type RejectionReason } from './errors.ts';
import { INBOUND, listInbox, type InboxFile } from './inbox.ts';
import { takeIn, type Intake } from './intake.ts';
import type { BatchLedger, FileRecord } from './ledger.ts';
import { silentBatchLog, type BatchLog } from './log.ts';
import type { ReconTotals } from './reconcile/engine.ts';
import { reconcileFile } from './reconcile/run.ts';
import { postResultsFile, type YhPostingSummary } from './yh-posting.ts';

export interface InboxOptions {
  readonly profile: Profile;
  readonly ledger: BatchLedger;
  /** BOSS-side directory for reconciliation reports (not inside any bank's home). */
  readonly reportsDir: string;
  /** BOSS-side directory decided files are moved to (not inside any bank's home). */
  readonly archiveDir: string;
  readonly clock?: Clock;
  readonly log?: BatchLog;
  /** Larger files are rejected `tooLarge` unread (default 256 MiB, about 5 million detail lines). */
  readonly maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

interface Decided {
  readonly name: string;
  readonly sha256: string;
  /** Where the file went, or undefined when it changed meanwhile and was left in `in/`. */
  readonly archivedTo: string | undefined;
}

export type FileOutcome =
  | (Decided & { readonly status: 'posted'; readonly posting: YhPostingSummary })
  | (Decided & { readonly status: 'reconciled'; readonly runId: string; readonly reportPath: string; readonly totals: ReconTotals })
  | (Decided & { readonly status: 'rejected'; readonly reason: RejectionReason; readonly line: number; readonly field: string; readonly message: string })
  | (Decided & { readonly status: 'duplicate'; readonly earlier: FileRecord })
  /** Not decided (ledger or disk trouble): left in `in/` with its flag, taken again on the next pass. */
  | { readonly name: string; readonly status: 'failed'; readonly message: string };

export interface InboxPass {
  readonly bankcode: string;
  readonly files: readonly FileOutcome[];
}

/**
 * One pass over a bank's `in/`: every flagged file, oldest date first, YH before XJMX before DKMX,
 * is read once, decided (posted, reconciled, rejected, or a duplicate of content already decided),
 * recorded in the ledger by its SHA-256, logged in one batch-log line, and moved to the archive.
 * Works on the directories alone, whichever FTP server put the files there. A failure that is not
 * the file's fault ends the pass and leaves the file to the next one. [bank-interface §7]
 */
export async function processInbox(bank: BankHome, options: InboxOptions): Promise<InboxPass> {
  outsideHome(bank, 'reportsDir', options.reportsDir);
  outsideHome(bank, 'archiveDir', options.archiveDir);
  const log = options.log ?? silentBatchLog;
  const files: FileOutcome[] = [];
  for (const file of await listInbox(options.profile, bank)) {
    try {
      files.push(await decide(bank, file, options, log));
    } catch (error) {
      log.error({ event: 'file.failed', bankcode: bank.bankcode, file: file.name, error: errorMessage(error) }, `${file.name} of ${bank.bankcode} not processed: ${errorMessage(error)}`);
      files.push({ name: file.name, status: 'failed', message: errorMessage(error) });
      break;
    }
  }
  return { bankcode: bank.bankcode, files };
}

async function decide(bank: BankHome, file: InboxFile, options: InboxOptions, log: BatchLog): Promise<FileOutcome> {
  const clock = options.clock ?? systemClock;
  const { ledger } = options;
  const intake = await takeIn(file.path, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const base = { bankcode: bank.bankcode, file: file.name, sha256: intake.sha256 };
  const shelve = (shelf: ArchiveShelf): Promise<string | undefined> =>
    archiveInboxFile(file, intake.identity, archivePathFor(options.archiveDir, bank.bankcode, shelf, file.name, intake.sha256));

  const earlier = await ledger.fileRecord(bank.bankcode, intake.sha256);
  if (earlier !== undefined) {
    const archivedTo = await shelve('duplicate');
    log.info({ event: 'file.duplicate', ...base, earlier: earlier.name, earlierOutcome: earlier.outcome }, `${file.name} of ${bank.bankcode} has the content of ${earlier.name}, ${earlier.outcome} before: not processed again`);
    return { name: file.name, sha256: intake.sha256, archivedTo, status: 'duplicate', earlier };
  }

  const record = (outcome: FileRecord['outcome'], reason?: string): Promise<void> =>
    ledger.recordFile({ bankcode: bank.bankcode, name: file.name, sha256: intake.sha256, layout: file.layout ?? '', date: file.date ?? '', outcome, at: clock.now(), ...(reason === undefined ? {} : { reason }) });

  try {
    if (file.layout === undefined || file.date === undefined) {
      throw new FileRejectedError({ reason: 'name', fileName: file.name, line: 0, field: 'name', message: `fits no inbound file name (${Object.keys(INBOUND).map((id) => `${id}YYYYMMDD`).join(', ')})` });
    }
    const bytes = contentOf(file, intake, options);
    const reconciles = INBOUND[file.layout]?.reconciles;
    if (reconciles === undefined) {
      const posting = await postResultsFile({ profile: options.profile, ledger, bank, fileName: file.name, date: file.date, bytes });
      await record('processed');
      const archivedTo = await shelve('processed');
      log.info(
        { event: 'file.posted', ...base, lines: posting.lines, debited: posting.debited, posted: posting.posted, alreadyPosted: posting.alreadyPosted, postedAmount: posting.postedAmount, conflicts: posting.conflicts },
        `${file.name} of ${bank.bankcode}: ${posting.posted} posted, ${posting.alreadyPosted} already posted, ${posting.conflicts.length} conflicts`,
      );
      return { name: file.name, sha256: intake.sha256, archivedTo, status: 'posted', posting };
    }
    const result = await reconcileFile({
      profile: options.profile,
      ledger,
      bankcode: bank.bankcode,
      layout: file.layout,
      kind: reconciles,
      date: file.date,
      fileName: file.name,
      sha256: intake.sha256,
      bytes,
      reportsDir: options.reportsDir,
      clock,
    });
    await record('processed');
    const archivedTo = await shelve('processed');
    const { totals } = result;
    log.info(
      { event: 'file.reconciled', ...base, kind: reconciles, date: file.date, runId: result.runId, report: result.reportPath, totals },
      `${file.name} of ${bank.bankcode} reconciled: ${totals.matched.count} matched, ${totals.bankOnly.count} bank-only, ${totals.bossOnly.count} BOSS-only, ${totals.differs.count} differ`,
    );
    return { name: file.name, sha256: intake.sha256, archivedTo, status: 'reconciled', runId: result.runId, reportPath: result.reportPath, totals };
  } catch (error) {
    const rejection = error instanceof BossFileError ? FileRejectedError.fromFileError(file.name, error) : error instanceof FileRejectedError ? error : undefined;
    if (rejection === undefined) throw error;
    await record('rejected', rejection.detail);
    const archivedTo = await shelve('rejected');
    log.warn({ event: 'file.rejected', ...base, reason: rejection.reason, line: rejection.line, field: rejection.field, detail: rejection.detail }, `${file.name} of ${bank.bankcode} rejected: ${rejection.detail}`);
    return { name: file.name, sha256: intake.sha256, archivedTo, status: 'rejected', reason: rejection.reason, line: rejection.line, field: rejection.field, message: rejection.detail };
  }
}

/** Reports and archived files are the BOSS's: a directory inside the home would show them to the bank. */
function outsideHome(bank: BankHome, field: string, dir: string): void {
  const rel = relative(bank.home, resolve(dir));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) throw new InputError(field, `${dir} is inside the home of ${bank.bankcode}, where the bank would see it`);
}

function contentOf(file: InboxFile, intake: Intake, options: InboxOptions): Uint8Array {
  if (intake.bytes !== undefined) return intake.bytes;
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  throw new FileRejectedError({ reason: 'tooLarge', fileName: file.name, line: 0, field: 'size', value: String(intake.size), message: `${intake.size} bytes, more than the ${limit} the BOSS reads` });
}
