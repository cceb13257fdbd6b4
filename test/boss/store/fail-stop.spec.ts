import type Database from 'better-sqlite3';
import { expect } from 'chai';
import { StoreCommitError } from '../../../src/boss/store/errors.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { openFixtureStore, payment } from './helpers.ts';

describe('BOSS store: a failed COMMIT stops the store (fail-stop) [bank-interface §5, §6 9999]', function () {
  this.timeout(20_000);

  it('rejects the batch, settles `failure`, refuses every later unit at once; reopening the file recovers', async () => {
    const { store, file } = await openFixtureStore();
    const told: StoreCommitError[] = [];
    void store.failure.then((error) => told.push(error));
    // injected failure: a foreign key checked only at COMMIT (as an I/O error would fail it)
    const db = (store as unknown as { writeDb: Database.Database }).writeDb;
    const failing = store.unit(() => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare("INSERT INTO bills (custno, month, item, amount) VALUES ('NOBODY', '202611', 'BASIC', 1)").run();
    }, { durable: true });
    const sharing = store.unit((tx) => tx.postPayment(payment('C2', 100)), { durable: true });
    const [a, b] = await Promise.allSettled([failing, sharing]);
    expect(a.status === 'rejected' && a.reason).to.be.instanceOf(StoreCommitError);
    expect(b.status === 'rejected' && b.reason).to.be.instanceOf(StoreCommitError);
    const failure = await store.failure;
    expect(failure).to.be.instanceOf(StoreCommitError);
    expect(failure.message).to.contain('COMMIT failed');
    expect(told).to.have.length(1);
    const later = await store.unit((tx) => tx.postPayment(payment('C2', 100)), { durable: true }).then(() => 'committed', (error: unknown) => error);
    expect(later).to.equal(failure);
    await store.close();

    const reopened = openSqliteStore(file);
    try {
      expect((await reopened.read((view) => view.customer('C2')))?.balance).to.equal(0);
      const posted = await reopened.unit((tx) => tx.postPayment(payment('C2', 100)), { durable: true });
      expect(posted.balance).to.equal(100);
    } finally {
      await reopened.close();
    }
  });
});
