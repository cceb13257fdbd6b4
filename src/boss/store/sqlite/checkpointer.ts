import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints in a thread of their own. [bank-interface §5: durability unchanged]
 *
 * In WAL mode every commit appends the pages it changed to the log; a checkpoint copies them back
 * into the database file and fsyncs it. Left to SQLite's automatic checkpoint, that copy and its two
 * fsyncs run inside the COMMIT of whichever batch crosses the threshold, on the event loop that also
 * serves every bank connection: measured, a third of a query's cost and the long tail of latency.
 * Here a worker thread with its own connection runs PASSIVE checkpoints shortly after commits: a
 * PASSIVE checkpoint never blocks the writer (nor waits for it) and copies only committed frames, so
 * durability is untouched (a durable COMMIT still fsyncs the log itself before it returns). The
 * writer keeps its automatic checkpoint as a backstop at a larger threshold, for when this thread
 * falls behind or is gone; by then most frames are copied and it finishes the rest.
 */
export class Checkpointer {
  private readonly worker: Worker;
  /** [0]: 0 idle, 1 commits to copy, 2 stop. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly exited: Promise<void>;
  private stopped = false;

  constructor(file: string, options: { readonly delayMs: number; readonly busyTimeoutMs: number; readonly onFailure?: () => void }) {
    const { delayMs, busyTimeoutMs } = options;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), signal: this.signal, delayMs, busyTimeoutMs },
    });
    // a worker that cannot open the file only loses the optimisation: the writer checkpoints itself again
    this.worker.on('error', () => options.onFailure?.());
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Frames were committed: copy them soon (many commits in the delay share one checkpoint). */
  committed(): void {
    if (Atomics.compareExchange(this.signal, 0, 0, 1) === 0) Atomics.notify(this.signal, 0);
  }

  /** Lets a checkpoint in progress finish, then closes the worker's connection. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.worker.ref(); // the wait below must keep the process alive, or it ends with the closing half done
      Atomics.store(this.signal, 0, 2);
      Atomics.notify(this.signal, 0);
    }
    await this.exited;
  }
}

/** Plain CommonJS run by the worker (eval), so it needs no TypeScript loader. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { file, signal, delayMs, busyTimeoutMs } = workerData;
const db = new Database(file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = ' + busyTimeoutMs);
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    Atomics.wait(signal, 0, 0);
    if (Atomics.load(signal, 0) === 2) break;
    Atomics.wait(pause, 0, 0, delayMs); // let the next commits join this checkpoint
    if (Atomics.compareExchange(signal, 0, 1, 0) === 2) break;
    try {
      checkpoint.run();
    } catch {
      // busy or failing: the next commit asks again, and the writer's own checkpoint is the backstop
    }
  }
} finally {
  db.close();
}
`;
