import type { Clock } from '../../../core/clock.ts';
import Database from 'better-sqlite3';
import { errorMessage } from '../../../core/errors.ts';
import { DeadlineError, StoreBusyError, StoreClosedError, StoreCommitError } from '../errors.ts';
import type { Awaitable, LedgerTransaction, UnitOptions } from '../types.ts';
import { Checkpointer } from './checkpointer.ts';
import { BUSY_TIMEOUT_MS, type Db } from './connection.ts';
import { scoped } from './scoped.ts';

/** What one committed (or failed) batch held, for diagnostics and tests. */
export interface BatchInfo {
  /** Units taken into the batch. */
  readonly units: number;
  /** Units whose work returned and whose changes committed. */
  readonly committed: number;
  /** Units that threw, lost their transaction, or failed at commit: nothing of them applied. */
  readonly failed: number;
  /** Units not run because their deadline had passed. */
  readonly expired: number;
  /** A unit in the batch was durable, so it committed with synchronous=FULL. [§5] */
  readonly durable: boolean;
  /** `PRAGMA synchronous` as read back on the connection for this batch: 2 FULL, 1 NORMAL. */
  readonly synchronous: number;
}

export interface GroupCommitOptions {
  readonly clock: Clock;
  /** Most units sharing one transaction. */
  readonly maxBatch: number;
  readonly onBatch?: (info: BatchInfo) => void;
  /**
   * Told once when a COMMIT failed: the store is failed from then on (fail-stop) and every later unit
   * rejects at once; whoever runs the store should stop and let a restart recover from the file.
   */
  readonly onFailure?: (error: StoreCommitError) => void;
}

/** Pause between two tries of BEGIN while another process holds the write lock. */
const LOCK_RETRY_MS = 10;
/** Longest wait for the write lock for units without a deadline (the batch side): the former busy_timeout. */
export const LOCK_WAIT_LIMIT_MS = 5000;

/**
 * Checkpoints move to a background thread once this many units have committed: a store that serves
 * traffic gets it, a short-lived one (a CLI command, a test) never pays for starting a thread.
 */
const CHECKPOINT_THREAD_AFTER_UNITS = 1000;
/** How long the checkpoint thread lets commits accumulate before copying them, ms. */
const CHECKPOINT_DELAY_MS = 50;
/** The writer's own automatic checkpoint, kept as a backstop behind the thread, in WAL pages. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** SQLite's own default, restored if the thread fails. */
const DEFAULT_CHECKPOINT_PAGES = 1000;

/**
 * Optional hooks a ledger may carry (under these symbols) to hear where the batch transactions
 * begin and where changes were undone, so that it can cache what only its own connection can change
 * while it holds the write lock (the banks). Not part of LedgerTransaction.
 */
export const TRANSACTION_BEGAN = Symbol('transactionBegan');
export const CHANGES_UNDONE = Symbol('changesUndone');

interface BatchObserver {
  [TRANSACTION_BEGAN]?: () => void;
  [CHANGES_UNDONE]?: () => void;
}

interface Pending {
  readonly work: (tx: LedgerTransaction) => Awaitable<unknown>;
  readonly options: UnitOptions;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** `waiting` (queued, or in a batch waiting for the lock) until its work starts; a deadline timer may settle it then. */
  state: 'waiting' | 'running' | 'settled';
  /** Rejects the unit at its deadline while it is still waiting. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Settled by its deadline timer while its batch waited for the lock. */
  expiredInBatch: boolean;
}

type Outcome = { readonly unit: Pending; readonly ok: true; readonly value: unknown } | { readonly unit: Pending; readonly ok: false; readonly error: unknown };

type Synchronous = 'FULL' | 'NORMAL';

/**
 * Group commit on the single write connection. Units queue; the queue is drained in batches, each
 * one `BEGIN IMMEDIATE … COMMIT` in which every unit runs alone, one after another, inside its own
 * SAVEPOINT: a unit that throws rolls back to its savepoint and the others keep their changes.
 * Every caller is settled only after COMMIT has returned, so nothing is answered for an effect that
 * could still be lost; a batch holding a durable unit commits with synchronous=FULL, which in WAL
 * mode fsyncs the log before COMMIT returns. [bank-interface §5]
 * The statements it runs for every unit (SAVEPOINT, RELEASE) and batch (BEGIN, COMMIT, the pragma)
 * are prepared once: SQL text parsed per request was a measurable share of a request's cost.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private running = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly sql;
  /** The level last set on the connection; set again only when a batch needs the other one. */
  private synchronousSet: Synchronous | undefined;
  private synchronousRead = -1;
  private checkpointer: Checkpointer | undefined;
  /** Set when a COMMIT failed: the store stops (fail-stop). */
  private failure: StoreCommitError | undefined;
  /** Units committed before the checkpoint thread starts; -1 once it is started or ruled out. */
  private unitsBeforeCheckpointer = 0;

  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerTransaction,
    private readonly options: GroupCommitOptions,
  ) {
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      rollbackUnit: db.prepare('ROLLBACK TO unit'),
    };
  }

  submit<T>(work: (tx: LedgerTransaction) => Awaitable<T>, options: UnitOptions): Promise<T> {
    // [fail-stop] after a failed COMMIT nothing more is tried: every unit is refused at once (9999)
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new StoreClosedError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      const unit: Pending = { work, options, resolve: resolve as (value: unknown) => void, reject, state: 'waiting', timer: undefined, expiredInBatch: false };
      const deadline = options.deadline;
      if (deadline !== undefined) {
        // [§1 5 s] a unit still waiting at its deadline (behind a long batch, or for another process's
        // lock) is answered then, not when the queue reaches it
        const delay = Math.min(Math.max(0, deadline - this.options.clock.now()) + 1, 2_147_483_647);
        unit.timer = setTimeout(() => this.expire(unit, deadline), delay);
        unit.timer.unref();
      }
      this.queue.push(unit);
      this.schedule();
    });
  }

  /** The store's failure after a COMMIT failed, if it did. */
  get failed(): StoreCommitError | undefined {
    return this.failure;
  }

  /** Refuses new units and resolves once every queued unit is settled (and the checkpoint thread is gone). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running || this.queue.length > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.checkpointer?.stop();
  }

  private schedule(): void {
    if (this.running) return;
    this.running = true;
    // setImmediate, not a microtask: units arriving from other sockets in the same poll phase join the batch
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      const outcomes = await this.runBatch(batch);
      for (const outcome of outcomes) {
        if (outcome.ok) settle(outcome.unit, true, outcome.value);
        else settle(outcome.unit, false, outcome.error);
      }
    }
    if (this.failure) for (const unit of this.queue.splice(0)) settle(unit, false, this.failure);
    this.running = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** A unit's deadline timer: rejects it if its work has not started and its deadline has passed on the store's clock. */
  private expire(unit: Pending, deadline: number): void {
    unit.timer = undefined;
    if (unit.state !== 'waiting') return;
    const now = this.options.clock.now();
    if (now <= deadline) {
      // Early by the store's clock: libuv counts a timer from its cached loop time, which lags the wall
      // clock after synchronous work (a migration, a long batch). Wait for the rest; with a virtual
      // clock standing still this only repeats while the unit waits, and the check at its start applies.
      unit.timer = setTimeout(() => this.expire(unit, deadline), Math.min(deadline - now + 1, 2_147_483_647));
      unit.timer.unref();
      return;
    }
    const index = this.queue.indexOf(unit);
    if (index >= 0) this.queue.splice(index, 1);
    else unit.expiredInBatch = true;
    settle(unit, false, new DeadlineError(deadline, now));
  }

  /**
   * BEGIN IMMEDIATE, retried on a timer while another process holds the write lock (the connection
   * itself waits only WRITE_BUSY_TIMEOUT_MS, synchronously): until no unit of the batch is waiting any
   * more (their deadline timers reject them), or LOCK_WAIT_LIMIT_MS for units without a deadline.
   * Returns false when nobody is left to run.
   */
  private async beginWhenFree(batch: readonly Pending[]): Promise<boolean> {
    const started = Date.now();
    for (;;) {
      if (!batch.some((unit) => unit.state === 'waiting')) return false;
      try {
        this.begin();
        return true;
      } catch (error) {
        if (!(error instanceof Database.SqliteError) || !error.code.startsWith('SQLITE_BUSY')) throw error;
        if (Date.now() - started >= LOCK_WAIT_LIMIT_MS) {
          throw new StoreBusyError(`the ledger's write lock stayed taken by another process for ${LOCK_WAIT_LIMIT_MS} ms`, error);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }

  /** Sets the level when it is not the one already set; returns it as read back (2 FULL, 1 NORMAL). */
  private setSynchronous(level: Synchronous): number {
    if (this.synchronousSet !== level) {
      // unknown until set: a failed set leaves it unknown, so the next batch sets it again.
      // Not prepared statements: SQLite applies and reads this pragma when the statement is compiled.
      this.synchronousSet = undefined;
      this.db.pragma(`synchronous = ${level}`);
      this.synchronousRead = Number(this.db.pragma('synchronous', { simple: true }));
      this.synchronousSet = level;
    }
    return this.synchronousRead;
  }

  /**
   * After a COMMIT: wake the checkpoint thread, or start it once the store has proved busy. Never
   * throws: the batch is committed whatever happens here.
   */
  private committed(units: number): void {
    if (this.checkpointer) {
      this.checkpointer.committed();
      return;
    }
    if (this.unitsBeforeCheckpointer < 0) return;
    this.unitsBeforeCheckpointer += units;
    if (this.unitsBeforeCheckpointer < CHECKPOINT_THREAD_AFTER_UNITS) return;
    this.unitsBeforeCheckpointer = -1;
    try {
      if (this.db.memory || String(this.db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return;
      const checkpointer = new Checkpointer(this.db.name, {
        delayMs: CHECKPOINT_DELAY_MS,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        // the thread is gone: the writer checkpoints on its own again, at SQLite's usual threshold
        onFailure: () => {
          if (this.checkpointer !== checkpointer) return;
          this.checkpointer = undefined;
          this.autocheckpoint(DEFAULT_CHECKPOINT_PAGES);
        },
      });
      this.checkpointer = checkpointer;
      this.autocheckpoint(BACKSTOP_CHECKPOINT_PAGES);
    } catch {
      // no thread: SQLite's automatic checkpoint in the writer goes on as before
    }
  }

  private autocheckpoint(pages: number): void {
    try {
      this.db.pragma(`wal_autocheckpoint = ${pages}`);
    } catch {
      // a closed connection: nothing left to checkpoint
    }
  }

  private begin(): void {
    this.sql.begin.run();
    (this.ledger as BatchObserver)[TRANSACTION_BEGAN]?.();
  }

  private async runBatch(batch: readonly Pending[]): Promise<Outcome[]> {
    const durable = batch.some((unit) => unit.options.durable);
    const settled: Outcome[] = [];
    /** Units whose work returned inside the transaction still open: they live or die with its COMMIT. */
    let open: Outcome[] = [];
    let expired = 0;
    let synchronous = -1;
    const loseOpen = (why: string, cause: unknown): void => {
      for (const outcome of open) settled.push({ unit: outcome.unit, ok: false, error: new StoreCommitError(why, cause) });
      open = [];
    };
    try {
      synchronous = this.setSynchronous(durable ? 'FULL' : 'NORMAL');
      for (const unit of batch) {
        if (unit.state !== 'waiting') continue; // settled by its deadline while the batch waited
        if (!this.db.inTransaction && !(await this.beginWhenFree(batch))) break;
        if (unit.state !== 'waiting') continue;
        const now = this.options.clock.now();
        const deadline = unit.options.deadline;
        if (deadline !== undefined && now > deadline) {
          expired++;
          settled.push({ unit, ok: false, error: new DeadlineError(deadline, now) });
          continue;
        }
        unit.state = 'running';
        clearTimeout(unit.timer);
        this.sql.savepoint.run();
        let live = true;
        try {
          const value = await unit.work(scoped(this.ledger, () => live, 'a unit of work', () => this.db.inTransaction));
          live = false;
          this.sql.release.run();
          open.push({ unit, ok: true, value });
        } catch (error) {
          live = false;
          settled.push({ unit, ok: false, error });
          (this.ledger as BatchObserver)[CHANGES_UNDONE]?.();
          if (this.db.inTransaction) {
            this.sql.rollbackUnit.run();
            this.sql.release.run();
          } else {
            // SQLite rolled the whole transaction back (disk full, I/O error): the earlier units went with it
            loseOpen('the batch transaction was rolled back by a failure in another unit', error);
          }
        }
      }
      if (this.db.inTransaction) this.commit(open);
      settled.push(...open);
      open = [];
    } catch (error) {
      (this.ledger as BatchObserver)[CHANGES_UNDONE]?.();
      try {
        if (this.db.inTransaction) this.sql.rollback.run();
      } catch {
        // the connection refuses even the rollback: SQLite discards the transaction when it closes
      }
      const failure = error instanceof StoreCommitError || error instanceof StoreBusyError ? error : new StoreCommitError('the batch could not be committed', error);
      for (const outcome of open) settled.push({ unit: outcome.unit, ok: false, error: failure });
      open = [];
      const done = new Set(settled.map((outcome) => outcome.unit));
      for (const unit of batch) {
        if (!done.has(unit) && unit.state !== 'settled') settled.push({ unit, ok: false, error: failure });
      }
    }
    for (const unit of batch) if (unit.expiredInBatch) expired++;
    if (this.options.onBatch) {
      let committed = 0;
      for (const outcome of settled) if (outcome.ok) committed++;
      try {
        this.options.onBatch({ units: batch.length, committed, failed: batch.length - committed - expired, expired, durable, synchronous });
      } catch {
        // a diagnostics callback must not stall the queue
      }
    }
    return settled;
  }

  /**
   * COMMIT. If it fails (I/O error, disk full, a deferred constraint), what is on disk is no longer
   * known to match what this connection believes: the store fails and stops (fail-stop). Every unit
   * of the batch and every later one is rejected (9999, the bank retries elsewhere or later), and the
   * owner is told so that the process exits and a restart recovers from the file itself (WAL replay).
   */
  private commit(open: readonly Outcome[]): void {
    try {
      this.sql.commit.run();
    } catch (error) {
      this.failure = new StoreCommitError(`COMMIT failed, the ledger stops until it is reopened: ${errorMessage(error)}`, error);
      try {
        this.options.onFailure?.(this.failure);
      } catch {
        // the owner's handler must not hide the failure from the batch
      }
      throw this.failure;
    }
    this.committed(open.length);
  }
}

/** Settles a unit once; later calls (its deadline timer after its batch, say) change nothing. */
function settle(unit: Pending, ok: boolean, value: unknown): void {
  if (unit.state === 'settled') return;
  unit.state = 'settled';
  clearTimeout(unit.timer);
  if (ok) unit.resolve(value);
  else unit.reject(value);
}
