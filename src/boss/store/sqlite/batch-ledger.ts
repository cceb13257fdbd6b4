import { systemClock, type Clock } from '../../../core/clock.ts';
import type {
  BatchLedger,
  Decision,
  DecisionOutcome,
  EntryKind,
  ExceptionFilter,
  FileRecord,
  LedgerEntry,
  NewException,
  PostingOutcome,
  ReconciliationRun,
  ReconException,
  WithholdingDue,
  WithholdingResult,
} from '../../batch/ledger.ts';
import { LedgerRuleError, StoreError } from '../errors.ts';
import type { EntryQuery, PostedEntry } from '../records.ts';
import type { Awaitable, LedgerTransaction, UnitOptions } from '../types.ts';
import { applyDecision, decisionDefect, refusalOf } from './batch-decisions.ts';
import { postWithholdingLine } from './batch-postings.ts';
import { BatchReads } from './batch-reads.ts';
import { formatId, parseId, RUN_ID_PREFIX, toException } from './batch-rows.ts';
import { BatchWrites } from './batch-writes.ts';
import type { Db } from './connection.ts';
import { localTime } from '../../local-date.ts';

/** What the batch ledger borrows from the store that owns it: its queue, its connections, its walk. */
export interface BatchLedgerHost {
  /** A unit of the store's write queue (group commit); `writeDb` is the connection it runs on. */
  unit<T>(work: (tx: LedgerTransaction) => Awaitable<T>, options: UnitOptions): Promise<T>;
  readonly writeDb: Db;
  /** Runs `work` on the store's read connection, over one snapshot of committed data. */
  read<T>(work: (db: Db) => T): Promise<T>;
  postedEntries(query: EntryQuery): AsyncIterable<PostedEntry>;
}

export interface SqliteBatchLedgerOptions {
  /** TXTIME of withholding postings (the YH carries none). Default: system clock. */
  readonly clock?: Clock;
  /** TXTIME is the BOSS's local time at this offset (default 480, +08:00). [brief: dates] */
  readonly utcOffsetMinutes?: number;
}

/** Every batch change is durable before its promise settles: a decision or a posting answered is never lost. [§5] */
const DURABLE: UnitOptions = { durable: true };

/**
 * `BatchLedger` over the SQLite ledger (migration 002): every change is a durable unit of the
 * store's own queue, so it shares the group commit with the real-time transactions and posts and
 * reverses through the same `postPayment`/`reversePayment`; reads use the store's read connection;
 * `entries` is the store's streamed walk of `payments_bank_key`. [bank-interface §7]
 */
export class SqliteBatchLedger implements BatchLedger {
  private readonly clock: Clock;
  private readonly utcOffsetMinutes: number;
  private writeStatements: { writes: BatchWrites; reads: BatchReads } | undefined;
  private readStatements: BatchReads | undefined;

  constructor(
    private readonly host: BatchLedgerHost,
    options: SqliteBatchLedgerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 480;
  }

  async *withholdingsDue(bankcode: string): AsyncIterable<WithholdingDue> {
    yield* await this.read((reads) => reads.withholdingsDue(bankcode));
  }

  postWithholding(line: WithholdingResult): Promise<PostingOutcome> {
    const txtime = localTime(this.clock.now(), this.utcOffsetMinutes);
    return this.host.unit((tx) => postWithholdingLine(tx, this.onWriter().writes, line, txtime), DURABLE);
  }

  async *entries(bankcode: string, date: string, kind: EntryKind): AsyncIterable<LedgerEntry> {
    for await (const entry of this.host.postedEntries({ bankcode, date, kind })) {
      yield { bankSerial: entry.bankSerial, custno: entry.custno, amount: entry.amount, bossSerial: entry.bossSerial };
    }
  }

  fileRecord(bankcode: string, sha256: string): Promise<FileRecord | undefined> {
    return this.read((reads) => reads.fileRecord(bankcode, sha256));
  }

  recordFile(record: FileRecord): Promise<void> {
    return this.host.unit(() => this.onWriter().writes.recordFile(record), DURABLE);
  }

  beginReconciliation(run: ReconciliationRun): Promise<string> {
    return this.host.unit(() => formatId(RUN_ID_PREFIX, this.onWriter().writes.beginRun(run)), DURABLE);
  }

  addExceptions(runId: string, exceptions: readonly NewException[]): Promise<void> {
    return this.host.unit(() => {
      const { writes } = this.onWriter();
      const rowid = parseId(RUN_ID_PREFIX, runId);
      const run = rowid === undefined ? undefined : writes.run(rowid);
      if (rowid === undefined || run === undefined) throw new LedgerRuleError('runId', `no reconciliation run ${runId}`);
      for (const exception of exceptions) writes.addException(rowid, run, exception);
    }, DURABLE);
  }

  listExceptions(filter: ExceptionFilter): Promise<ReconException[]> {
    return this.read((reads) => reads.listExceptions(filter));
  }

  getException(id: string): Promise<ReconException | undefined> {
    return this.read((reads) => reads.exception(id));
  }

  /**
   * One durable unit: the exception is read on the write connection (what another process decided
   * meanwhile is seen), the effect applied and the decision recorded; a refusal rolls the unit back,
   * so nothing of a refused decision remains.
   */
  async resolveException(id: string, decision: Decision): Promise<DecisionOutcome> {
    const defect = decisionDefect(decision);
    let seen: ReconException | undefined;
    try {
      return await this.host.unit(async (tx): Promise<DecisionOutcome> => {
        const { reads, writes } = this.onWriter();
        const row = reads.exceptionRow(id);
        if (row === undefined) return { status: 'notFound' };
        const exception = toException(row);
        seen = exception;
        if (exception.status !== 'open') return { status: 'notOpen', exception };
        if (defect !== undefined) return { status: 'refused', message: defect };
        const serial = await applyDecision(tx, exception, decision, localTime(decision.at, this.utcOffsetMinutes));
        if (!writes.recordDecision(row.id, decision, serial)) {
          throw new StoreError('BOSS_ERR_DECISION_LOST', `exception ${id} stopped being open inside its own unit`);
        }
        return { status: 'resolved', exception: { ...exception, status: 'resolved', decision, ...(serial === undefined ? {} : { decisionSerial: serial }) } };
      }, DURABLE);
    } catch (error) {
      const message = seen === undefined ? undefined : refusalOf(error, seen, decision);
      if (message === undefined) throw error;
      return { status: 'refused', message };
    }
  }

  private read<T>(work: (reads: BatchReads) => T): Promise<T> {
    return this.host.read((db) => work((this.readStatements ??= new BatchReads(db))));
  }

  /** Statements on the write connection, prepared on first use; only ever run inside a unit. */
  private onWriter(): { writes: BatchWrites; reads: BatchReads } {
    this.writeStatements ??= { writes: new BatchWrites(this.host.writeDb), reads: new BatchReads(this.host.writeDb) };
    return this.writeStatements;
  }
}
