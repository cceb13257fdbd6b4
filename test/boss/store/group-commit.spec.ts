import { expect } from 'chai';
import { DeadlineError, StoreClosedError } from '../../../src/boss/store/errors.ts';
import type { BatchInfo } from '../../../src/boss/store/sqlite/index.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import type { LedgerTransaction } from '../../../src/boss/store/types.ts';
import { openFixtureStore, payment, rawCount } from './helpers.ts';

class Refused extends Error {}

describe('BOSS store: units of work and group commit [bank-interface §5]', () => {
  it('runs many concurrent units in shared transactions; a unit that throws loses only its own changes', async () => {
    const batches: BatchInfo[] = [];
    const { store, file } = await openFixtureStore({ onBatch: (info) => batches.push(info) });
    batches.length = 0;
    const units = Array.from({ length: 120 }, (_, i) =>
      store.unit(
        async (tx) => {
          const posted = await tx.postPayment(payment('C2', 100 + i, { bankSerial: `G${i}` }));
          // a failure after the unit already wrote: its savepoint is rolled back, the batch goes on
          if (i % 7 === 3) throw new Refused(`unit ${i}`);
          return posted.payment.bossSerial;
        },
        { durable: i % 2 === 0 },
      ),
    );
    const results = await Promise.allSettled(units);
    const failedIndexes = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failedIndexes).to.deep.equal(results.map((_, i) => i).filter((i) => i % 7 === 3));
    for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(Refused);
    const committed = results.filter((r) => r.status === 'fulfilled').length;
    expect(batches.length, 'units shared transactions').to.be.lessThan(10);
    expect(batches.reduce((n, b) => n + b.units, 0)).to.equal(120);
    expect(batches.reduce((n, b) => n + b.committed, 0)).to.equal(committed);
    expect(batches.every((b) => b.durable), 'every batch held a durable unit').to.equal(true);
    await store.close();
    // only the units that returned are in the file, each exactly once, with C2's balance their sum
    expect(rawCount(file, `SELECT count(*) FROM payments WHERE bankserial LIKE 'G%'`)).to.equal(committed);
    for (const i of failedIndexes) expect(rawCount(file, 'SELECT count(*) FROM payments WHERE bankserial = ?', `G${i}`)).to.equal(0);
    const expected = results.reduce((sum, r, i) => sum + (r.status === 'fulfilled' ? 100 + i : 0), 0);
    expect(rawCount(file, `SELECT balance FROM customers WHERE custno = 'C2'`)).to.equal(expected);
  });

  it('settles a unit only after COMMIT: another connection already sees its effect', async () => {
    const { store, file } = await openFixtureStore();
    const seen = await Promise.all(
      [1, 2, 3].map((k) =>
        store.unit((tx) => tx.postPayment(payment('C2', k, { bankSerial: `V${k}` })), { durable: true }).then(() => rawCount(file, 'SELECT count(*) FROM payments WHERE bankserial = ?', `V${k}`)),
      ),
    );
    expect(seen).to.deep.equal([1, 1, 1]);
    await store.close();
  });

  it('commits with synchronous=FULL only when a unit of the batch is durable', async () => {
    const batches: BatchInfo[] = [];
    const { store } = await openFixtureStore({ onBatch: (info) => batches.push(info) });
    batches.length = 0;
    await Promise.all([store.unit(() => 1, { durable: false }), store.unit(() => 2, { durable: false })]);
    await Promise.all([store.unit(() => 3, { durable: false }), store.unit(() => 4, { durable: true })]);
    expect(batches.map((b) => [b.units, b.durable, b.synchronous])).to.deep.equal([
      [2, false, 1],
      [2, true, 2],
    ]);
    await store.close();
  });

  it('runs units one at a time even when their work awaits', async () => {
    const { store } = await openFixtureStore();
    const events: string[] = [];
    const slow = store.unit(
      async (tx) => {
        events.push('A start');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.postPayment(payment('C2', 5, { bankSerial: 'AW1' }));
        events.push('A end');
      },
      { durable: false },
    );
    const quick = store.unit(
      async (tx) => {
        events.push('B start');
        // B sees A's uncommitted change: same transaction, after A's savepoint was released
        events.push(`B sees ${(await tx.paymentByBankSerial({ bankcode: 'BK01', txdate: '20261123', bankSerial: 'AW1' })) ? 'A' : 'nothing'}`);
      },
      { durable: false },
    );
    await Promise.all([slow, quick]);
    expect(events).to.deep.equal(['A start', 'A end', 'B start', 'B sees A']);
    await store.close();
  });

  it('refuses a transaction object used after its unit ended', async () => {
    const { store } = await openFixtureStore();
    let kept: LedgerTransaction | undefined;
    await store.unit((tx) => void (kept = tx), { durable: false });
    expect(() => kept?.customer('C1')).to.throw(StoreClosedError);
    await store.close();
  });

  describe('deadlines [§1: answer within 5 s; §6 9999 nothing applied]', () => {
    it('does not run a unit whose deadline passed before it started', async () => {
      const { store, clock, file } = await openFixtureStore();
      let ran = false;
      const late = store.unit(
        (tx) => {
          ran = true;
          return tx.postPayment(payment('C2', 9, { bankSerial: 'LATE' }));
        },
        { durable: true, deadline: clock.now() - 1 },
      );
      const error = await late.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DeadlineError);
      expect(ran).to.equal(false);
      await store.close();
      expect(rawCount(file, `SELECT count(*) FROM payments WHERE bankserial = 'LATE'`)).to.equal(0);
    });

    it('expires a queued unit whose deadline passes while an earlier unit runs; a started unit is awaited', async () => {
      const batches: BatchInfo[] = [];
      const { store, clock, file } = await openFixtureStore({ onBatch: (info) => batches.push(info) });
      batches.length = 0;
      const deadline = clock.now() + 5000;
      const first = store.unit(
        async (tx) => {
          await tx.postPayment(payment('C2', 1, { bankSerial: 'SLOW' }));
          clock.advance(6000); // the first unit overruns everyone's deadline, its own included
        },
        { durable: true, deadline },
      );
      const second = store.unit((tx) => tx.postPayment(payment('C2', 2, { bankSerial: 'QUEUED' })), { durable: true, deadline });
      await first;
      expect(await second.catch((e: unknown) => e)).to.be.instanceOf(DeadlineError);
      expect(batches).to.deep.equal([{ units: 2, committed: 1, failed: 0, expired: 1, durable: true, synchronous: 2 }]);
      await store.close();
      expect(rawCount(file, `SELECT count(*) FROM payments WHERE bankserial = 'SLOW'`)).to.equal(1);
      expect(rawCount(file, `SELECT count(*) FROM payments WHERE bankserial = 'QUEUED'`)).to.equal(0);
    });
  });

  describe('durability', () => {
    it('keeps every settled unit after close and reopen, and nothing of a unit that threw', async () => {
      const { store, file } = await openFixtureStore();
      const kept = await store.unit((tx) => tx.postPayment(payment('C1', 3000, { bankSerial: 'KEEP' })), { durable: true });
      await store
        .unit(async (tx) => {
          await tx.postPayment(payment('C1', 4500, { bankSerial: 'DROP' }));
          await tx.saveCustomer({ custno: 'C9', name: 'NINE', address: 'A', status: 'active' }, 'ifAbsent');
          throw new Refused('after writing');
        }, { durable: true })
        .catch(() => undefined);
      await store.close();
      const reopened = openSqliteStore(file);
      const state = await reopened.read(async (view) => ({
        kept: await view.paymentBySerial(kept.payment.bossSerial),
        dropped: await view.paymentByBankSerial({ bankcode: 'BK01', txdate: '20261123', bankSerial: 'DROP' }),
        c9: await view.customer('C9'),
        arrears: await view.arrears('C1'),
      }));
      expect(state.kept?.amount).to.equal(3000);
      expect(state.dropped).to.equal(undefined);
      expect(state.c9).to.equal(undefined);
      expect(state.arrears).to.equal(3 * 2250 - 3000);
      await reopened.close();
    });

    it('refuses units after close and waits for queued ones', async () => {
      const { store } = await openFixtureStore();
      const queued = store.unit((tx) => tx.postPayment(payment('C2', 1)), { durable: true });
      const closing = store.close();
      expect(await store.unit(() => 1, { durable: false }).catch((e: unknown) => e)).to.be.instanceOf(StoreClosedError);
      expect((await queued).payment.amount).to.equal(1);
      await closing;
    });
  });
});
