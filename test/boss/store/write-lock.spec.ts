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
    try {
      let release!: () => void;
      const slow = store.unit(async (tx) => {
        await new Promise<void>((resolve) => (release = resolve));
        return tx.postPayment(payment('C2', 5));
      }, { durable: true, deadline: Date.now() + 100 });
      await new Promise((resolve) => setTimeout(resolve, 20)); // the slow unit is running
      const started = Date.now();
      const queued = store.unit((tx) => tx.postPayment(payment('C2', 6)), { durable: true, deadline: Date.now() + 100 });
      const outcome = await queued.then(() => 'committed', (error: unknown) => error);
      expect(outcome).to.be.instanceOf(DeadlineError);
      expect(Date.now() - started, 'rejected at its deadline, not when the slow unit ended').to.be.below(1000);
      release();
      // started before its deadline: awaited and committed even though the deadline has passed
      expect((await slow).payment.amount).to.equal(5);
    } finally {
      await store.close();
    }
  });
});
