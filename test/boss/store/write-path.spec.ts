import Database from 'better-sqlite3';
import { expect } from 'chai';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Checkpointer } from '../../../src/boss/store/sqlite/checkpointer.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { openFixtureStore, payment, rawCount, tempDbFile } from './helpers.ts';

/** The write path's performance machinery must not change what the ledger says. [bank-interface §5] */
describe('BOSS store: checkpoint thread and cached banks', () => {
  it('the checkpoint thread copies committed frames into the database file, without the writer', async () => {
    const file = await tempDbFile('boss-ckpt');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0'); // only the thread checkpoints here
    db.exec('CREATE TABLE blobs (b BLOB)');
    const checkpointer = new Checkpointer(file, { delayMs: 1, busyTimeoutMs: 1000 });
    try {
      const before = statSync(file).size;
      const insert = db.prepare('INSERT INTO blobs VALUES (randomblob(4000))');
      db.transaction(() => {
        for (let i = 0; i < 256; i++) insert.run();
      })();
      expect(statSync(file).size, 'committed pages are still only in the WAL').to.equal(before);
      checkpointer.committed();
      for (let i = 0; i < 200 && statSync(file).size < 256 * 4000; i++) await sleep(10);
      expect(statSync(file).size).to.be.at.least(256 * 4000);
    } finally {
      await checkpointer.stop();
      await checkpointer.stop(); // twice is harmless
      db.close();
    }
  });

  it('a busy store starts the thread, and every unit is there after close and reopen', async () => {
    const { store, file } = await openFixtureStore();
    const units = Array.from({ length: 1500 }, (_, i) => store.unit((tx) => tx.postPayment(payment('C2', 1, { bankSerial: `CK${i}` })), { durable: i % 3 === 0 }));
    await Promise.all(units);
    await store.close();
    expect(rawCount(file, `SELECT count(*) FROM payments WHERE bankserial LIKE 'CK%'`)).to.equal(1500);
    expect(rawCount(file, `SELECT balance FROM customers WHERE custno = 'C2'`)).to.equal(1500);
  });

  it('sees a bank changed by another connection at the next unit', async () => {
    const { store, file } = await openFixtureStore();
    const txcodes = () => store.unit(async (tx) => (await tx.bank('BK01'))?.txcodes, { durable: false });
    expect(await txcodes()).to.deep.equal(['1001', '1002']);
    const other = new Database(file);
    other.prepare(`DELETE FROM bank_txcodes WHERE bankcode = 'BK01' AND txcode = '1002'`).run();
    other.close();
    expect(await txcodes()).to.deep.equal(['1001']);
    await store.close();
  });

  it('sees a bank saved in the same batch, and forgets one whose unit was rolled back', async () => {
    const { store } = await openFixtureStore();
    const bank = { bankcode: 'BK01', name: 'BANK', addresses: ['127.0.0.1'], ftpUser: 'bk01', ftpPassword: 'pw' };
    const [saved, , after] = await Promise.all([
      store.unit(async (tx) => {
        await tx.bank('BK01');
        await tx.saveBank({ ...bank, txcodes: ['1001'] }, 'replace');
        return (await tx.bank('BK01'))?.txcodes;
      }, { durable: false }),
      store
        .unit(async (tx) => {
          await tx.saveBank({ ...bank, txcodes: ['3001'] }, 'replace');
          await tx.bank('BK01');
          throw new Error('rolled back');
        }, { durable: false })
        .catch(() => undefined),
      store.unit(async (tx) => (await tx.bank('BK01'))?.txcodes, { durable: false }),
    ]);
    expect(saved).to.deep.equal(['1001']);
    expect(after).to.deep.equal(['1001']);
    await store.close();
    const reopened = openSqliteStore((store as unknown as { file: string }).file);
    expect((await reopened.read((view) => view.bank('BK01')))?.txcodes).to.deep.equal(['1001']);
    await reopened.close();
  });
});
