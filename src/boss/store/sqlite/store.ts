import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../../core/clock.ts';
import { StoreClosedError, type StoreCommitError } from '../errors.ts';
import type { EntryQuery, PostedEntry, WithholdingDue } from '../records.ts';
import type { Awaitable, BossStore, LedgerTransaction, LedgerView, UnitOptions } from '../types.ts';
import { openReadConnection, openWriteConnection, WRITE_BUSY_TIMEOUT_MS, type Db } from './connection.ts';
import { streamPostedEntries } from './entries.ts';
import { GroupCommit, type BatchInfo } from './group-commit.ts';
import { SqliteLedger } from './ledger.ts';
import { migrate, schemaVersion } from './migrate.ts';
import { scoped } from './scoped.ts';
import { SqliteBatchLedger, type SqliteBatchLedgerOptions } from './batch-ledger.ts';

export interface SqliteStoreOptions {
  /** The clock unit deadlines are measured on (the server's). */
  readonly clock?: Clock;
  /** Most units sharing one transaction (default 256). */
  readonly maxBatch?: number;
  /** Called after every batch, committed or not. */
  readonly onBatch?: (info: BatchInfo) => void;
  /** Called once if a COMMIT fails: the store has stopped (fail-stop); see `failure`. */
  readonly onFailure?: (error: StoreCommitError) => void;
}

/**
 * The BOSS ledger in one SQLite file (better-sqlite3, WAL). One write connection runs the units
 * through the group commit; one read-only connection answers `read`; each `postedEntries` walk opens
 * its own read connection.
 */
export class SqliteStore implements BossStore {
  readonly file: string;
  /** Schema versions applied when this store opened the file (empty when it was up to date). */
  readonly migrated: readonly number[];
  private readonly writeDb: Db;
  private readonly readDb: Db;
  private readonly writer: GroupCommit;
  private readonly reader: SqliteLedger;
  private readChain: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private failureListeners: ((error: StoreCommitError) => void)[] = [];
  /**
   * Settles, with the StoreCommitError, if a COMMIT fails: from then on every unit is refused at once
   * and the process should stop so that a restart recovers from the file (fail-stop). Never rejects.
   */
  readonly failure: Promise<StoreCommitError>;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.file = resolve(file);
    this.writeDb = openWriteConnection(this.file);
    try {
      this.migrated = migrate(this.writeDb, this.file);
      // [§1 5 s] from now on the writer never waits long for a lock synchronously: the group commit retries on a timer
      this.writeDb.pragma(`busy_timeout = ${WRITE_BUSY_TIMEOUT_MS}`);
      this.readDb = openReadConnection(this.file);
    } catch (error) {
      this.writeDb.close();
      throw error;
    }
    this.reader = new SqliteLedger(this.readDb);
    this.failure = new Promise((resolve) => this.failureListeners.push(resolve));
    if (options.onFailure) this.failureListeners.push(options.onFailure);
    this.writer = new GroupCommit(this.writeDb, new SqliteLedger(this.writeDb), {
      clock: options.clock ?? systemClock,
      maxBatch: options.maxBatch ?? 256,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      onFailure: (error) => {
        for (const listener of this.failureListeners.splice(0)) listener(error);
      },
    });
  }

  get schemaVersion(): number {
    return schemaVersion(this.readDb);
  }

  unit<T>(work: (tx: LedgerTransaction) => Awaitable<T>, options: UnitOptions): Promise<T> {
    return this.writer.submit(work, options);
  }

  read<T>(work: (view: LedgerView) => Awaitable<T>): Promise<T> {
    return this.onReadConnection((live) => work(scoped<LedgerView>(this.reader, live, 'a read')));
  }

  postedEntries(query: EntryQuery): AsyncIterable<PostedEntry> {
    if (this.closing) throw new StoreClosedError('the store is closed');
    return streamPostedEntries(this.file, query);
  }

  withholdingDue(bankcode: string): Promise<readonly WithholdingDue[]> {
    return this.onReadConnection(() => this.reader.withholdingDue(bankcode));
  }

  /** The daily-file side's ledger (`BatchLedger`) on this store: its changes are units of this store's queue. [§7] */
  batchLedger(options: SqliteBatchLedgerOptions = {}): SqliteBatchLedger {
    return new SqliteBatchLedger(
      {
        unit: (work, unitOptions) => this.unit(work, unitOptions),
        writeDb: this.writeDb,
        read: (work) => this.onReadConnection(() => work(this.readDb)),
        postedEntries: (query) => this.postedEntries(query),
      },
      options,
    );
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.close();
      await this.readChain;
      this.readDb.close();
      this.writeDb.close();
    })();
    return this.closing;
  }

  /** Reads run one at a time, each in its own read transaction (one snapshot however many statements). */
  private onReadConnection<T>(work: (live: () => boolean) => Awaitable<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError('the store is closed'));
    const run = async (): Promise<T> => {
      let live = true;
      this.readDb.exec('BEGIN');
      try {
        return await work(() => live);
      } finally {
        live = false;
        this.readDb.exec('COMMIT');
      }
    };
    const result = this.readChain.then(run, run);
    this.readChain = result.catch(() => undefined);
    return result;
  }
}
