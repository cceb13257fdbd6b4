import Database from 'better-sqlite3';
import { expect } from 'chai';
import { systemClock } from '../../../src/core/clock.ts';
import { DeadlineError } from '../../../src/boss/store/errors.ts';
import { openFixtureStore, payment } from './helpers.ts';

/** The largest pause of the event loop while `during` runs, sampled every 5 ms. */
async function longestStall<T>(during: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const [result] = await Promise.allSettled([during()]);
  clearInterval(timer);
  return { result: result!, stallMs };
}

describe('BOSS store: the write lock and deadlines never freeze the server [bank-interface §1 5 s, §6 9999]', function () {
  this.timeout(20_000);

  it('while another process holds the write lock, a unit waits on a timer (the event loop runs) and rejects with DeadlineError at its deadline', async () => {
    const { store, file } = await openFixtureStore({ clock: systemClock });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const { result, stallMs } = await longestStall(() => store.unit((tx) => tx.postPayment(payment('C2', 100)), { durable: true, deadline: Date.now() + 300 }));
      const elapsed = Date.now() - started;
      expect(result.status).to.equal('rejected');
      if (result.status === 'rejected') expect(result.reason).to.be.instanceOf(DeadlineError);
      expect(elapsed, 'answered at the deadline').to.be.within(250, 1500);
      expect(stallMs, 'the event loop was never frozen').to.be.below(200);
      other.exec('ROLLBACK');
      // the lock released: the next unit commits
      const posted = await store.unit((tx) => tx.postPayment(payment('C2', 100)), { durable: true, deadline: Date.now() + 1000 });
      expect(posted.payment.amount).to.equal(100);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('a deadline timer that fires before the store clock reaches the deadline is re-armed, not lost', async () => {
    // The store's clock falls 200 ms behind the timers once the unit is queued (a clock that lags the
    // one the timers count on): the first timer finds the deadline not yet reached.
    let lag = 0;
    const laggingClock = { now: () => Date.now() - lag, sleep: systemClock.sleep };
    const { store, file } = await openFixtureStore({ clock: laggingClock });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const queuedAt = Date.now();
      const pending = store.unit((tx) => tx.postPayment(payment('C2', 9)), { durable: true, deadline: laggingClock.now() + 300 });
      lag = 200;
      const outcome = await pending.then(() => 'committed', (error: unknown) => error);
      expect(outcome).to.be.instanceOf(DeadlineError);
      expect(Date.now() - queuedAt, 'at its deadline by the store clock, not after the 5 s lock-wait limit').to.be.within(450, 2_000);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('a unit that gets the lock before its deadline runs and commits', async () => {
    const { store, file } = await openFixtureStore({ clock: systemClock });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('ROLLBACK'), 150);
      const posted = await store.unit((tx) => tx.postPayment(payment('C2', 7)), { durable: true, deadline: Date.now() + 2000 });
      expect(posted.payment.amount).to.equal(7);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('a queued unit whose deadline passes behind a running one rejects at its deadline; the running one is awaited', async () => {
    const { store } = await openFixtureStore({ clock: systemClock });
    let release: (() => void) | undefined;
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    try {
      // a deadline far enough away that the slow unit surely starts, however loaded the machine
      const slow = store.unit(async (tx) => {
        running();
        await new Promise<void>((resolve) => (release = resolve));
        return tx.postPayment(payment('C2', 5));
      }, { durable: true, deadline: Date.now() + 10_000 });
      await started;
      const queuedAt = Date.now();
      const queued = store.unit((tx) => tx.postPayment(payment('C2', 6)), { durable: true, deadline: queuedAt + 200 });
      const outcome = await queued.then(() => 'committed', (error: unknown) => error);
      expect(outcome).to.be.instanceOf(DeadlineError);
      expect(Date.now() - queuedAt, 'rejected at its deadline, not when the slow unit ended').to.be.below(5_000);
      release?.();
      // started before its deadline: awaited and committed
      expect((await slow).payment.amount).to.equal(5);
    } finally {
      release?.(); // never leave the running unit (and so store.close) waiting
      await store.close();
    }
  });
});
