import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import type { LedgerEntry } from '../../../src/boss/batch/ledger.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { seedDemo } from '../../../src/boss/seed.ts';
import { migrate } from '../../../src/boss/store/sqlite/migrate.ts';
import { MIGRATIONS, openSqliteStore, SCHEMA_VERSION, type BatchInfo } from '../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { DATE, NOON_ISH } from './support/scene.ts';

/** What only the SQLite `BatchLedger` has to show: the schema step, the write queue, durability, several processes, volume. */
async function dbFile(name: string): Promise<string> {
  return join(await tempDir(name), 'boss.db');
}

const lostPayment = { category: 'bankOnly' as const, bankSerial: 'LOST1', bank: { custno: 'C00012345', amount: 2250, line: 2 } };
const run = { bankcode: 'ICBC01', date: DATE, kind: 'cash' as const, fileName: 'XJMX20261123.TXT', sha256: 'ab'.repeat(32), startedAt: NOON_ISH };

describe('SQLite BatchLedger [bank-interface §7]', () => {
  it('migrates a version-1 ledger to the batch tables, keeping its data', async () => {
    const file = await dbFile('batch-sqlite-migrate');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    migrate(raw, file, MIGRATIONS.slice(0, 1));
    raw.exec(`INSERT INTO banks (bankcode, name, ftp_user, ftp_password) VALUES ('ICBC01', 'ICBC', 'icbc01', 'icbc01')`);
    raw.close();
    const store = openSqliteStore(file);
    try {
      expect(store.migrated).to.deep.equal([2, 3, 4]);
      expect(store.schemaVersion).to.equal(SCHEMA_VERSION);
      expect((await store.read((view) => view.banks())).map((b) => b.bankcode)).to.deep.equal(['ICBC01']);
      const ledger = store.batchLedger();
      await ledger.recordFile({ bankcode: 'ICBC01', name: 'YH20261123.TXT', sha256: 'ef'.repeat(32), layout: 'YH', date: DATE, outcome: 'processed', at: NOON_ISH });
      expect(await ledger.fileRecord('ICBC01', 'ef'.repeat(32))).to.include({ outcome: 'processed' });
    } finally {
      await store.close();
    }
  });

  it('runs every change as a durable unit of the store\'s own queue (synchronous=FULL)', async () => {
    const file = await dbFile('batch-sqlite-durable');
    const batches: BatchInfo[] = [];
    const store = openSqliteStore(file, { onBatch: (info) => batches.push(info) });
    try {
      await seedDemo(store);
      batches.length = 0;
      const ledger = store.batchLedger({ clock: new VirtualClock(NOON_ISH) });
      await ledger.postWithholding({ bankcode: 'ICBC01', date: DATE, seq: 1, custno: 'C00020004', acctno: '6222020000020004', amount: 2250, bankSerial: 'WD1', fileName: 'YH20261123.TXT' });
      await ledger.recordFile({ bankcode: 'ICBC01', name: 'YH20261123.TXT', sha256: 'ef'.repeat(32), layout: 'YH', date: DATE, outcome: 'processed', at: NOON_ISH });
      const runId = await ledger.beginReconciliation(run);
      await ledger.addExceptions(runId, [lostPayment]);
      const [exception] = await ledger.listExceptions({});
      await ledger.resolveException(exception!.id, { action: 'makeup', by: 'op7', at: NOON_ISH, reason: '' });
      expect(batches.map((b) => [b.units, b.committed, b.durable, b.synchronous])).to.deep.equal(Array.from({ length: 5 }, () => [1, 1, true, 2]));
      // the posting's TXTIME is the BOSS's local time (+08:00) of the clock: 10:00:00
      const posted = await store.read((view) => view.paymentBySerial('W2026112300000001'));
      expect(posted).to.include({ channel: 'withholding', acctno: '6222020000020004', txtime: '100000', status: 'posted' });
    } finally {
      await store.close();
    }
  });

  it('takes a decision once when two processes (serve and the CLI) decide on the same exception; a refusal leaves no trace', async () => {
    const file = await dbFile('batch-sqlite-two');
    const serve = openSqliteStore(file);
    await seedDemo(serve);
    const cli = openSqliteStore(file);
    try {
      const ledger = serve.batchLedger();
      const paid = (await serve.unit((tx) => tx.postPayment({ bankcode: 'ICBC01', txdate: DATE, bankSerial: 'P1', custno: 'C00012348', amount: 100, channel: 'realtime', paytype: '1', txtime: '101500', serial: { prefix: 'B', date: DATE } }), { durable: true })).payment;
      const runId = await ledger.beginReconciliation(run);
      await ledger.addExceptions(runId, [lostPayment, { category: 'bossOnly', bankSerial: 'P1', boss: { custno: 'C00012348', amount: 100, bossSerial: paid.bossSerial } }]);
      const [lost, bossOnly] = await cli.batchLedger().listExceptions({});

      const decided = await Promise.all([
        ledger.resolveException(lost!.id, { action: 'makeup', by: 'serve-op', at: NOON_ISH, reason: '' }),
        cli.batchLedger().resolveException(lost!.id, { action: 'accept', by: 'cli-op', at: NOON_ISH, reason: 'seen' }),
      ]);
      expect(decided.map((d) => d.status).sort()).to.deep.equal(['notOpen', 'resolved']);
      const payments = await serve.read((view) => view.paymentByBankSerial({ bankcode: 'ICBC01', txdate: DATE, bankSerial: 'LOST1' }));
      const taken = await serve.batchLedger().getException(lost!.id);
      expect(payments === undefined).to.equal(taken?.decision?.action === 'accept');

      // the prepaid 100 fen is spent: the reversal is refused and rolled back whole, no R serial used
      const raw = new Database(file);
      raw.prepare(`UPDATE customers SET balance = 0 WHERE custno = 'C00012348'`).run();
      expect(await cli.batchLedger().resolveException(bossOnly!.id, { action: 'reverse', by: 'op7', at: NOON_ISH, reason: '' })).to.deep.include({ status: 'refused' });
      expect(raw.prepare(`SELECT count(*) AS n FROM serials WHERE prefix = 'R'`).get()).to.deep.equal({ n: 0 });
      raw.prepare(`UPDATE customers SET balance = 100 WHERE custno = 'C00012348'`).run();
      raw.close();
      const reversed = await cli.batchLedger().resolveException(bossOnly!.id, { action: 'reverse', by: 'op7', at: NOON_ISH, reason: '' });
      expect(reversed.status === 'resolved' && reversed.exception.decisionSerial).to.equal('R2026112300000001');
    } finally {
      await cli.close();
      await serve.close();
    }
  });

  it('streams 1,000,000 entries in binary order with bounded memory', async function () {
    this.timeout(60_000);
    const file = await dbFile('batch-sqlite-million');
    const store = openSqliteStore(file);
    await seedDemo(store);
    await store.close();
    const raw = new Database(file);
    // in serial order, as banks number them, so that building the file stays quick (the walk does not depend on it)
    raw.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999)
      INSERT INTO payments (bossserial, bankcode, txdate, bankserial, custno, amount, channel, txtime)
      SELECT printf('B%08d', i), 'ICBC01', '${DATE}', printf('S%07d', i), 'C00012348', 1 + i % 5, 'realtime', '101500' FROM n`);
    raw.close();
    const reopened = openSqliteStore(file);
    try {
      const heapBefore = process.memoryUsage().heapUsed;
      let count = 0;
      let total = 0;
      let previous: LedgerEntry | undefined;
      let peak = 0;
      for await (const entry of reopened.batchLedger().entries('ICBC01', DATE, 'cash')) {
        if (previous !== undefined && !(entry.bankSerial > previous.bankSerial)) throw new Error(`${entry.bankSerial} after ${previous.bankSerial}`);
        previous = entry;
        count++;
        total += entry.amount;
        if (count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
      }
      expect(count).to.equal(1_000_000);
      expect(total).to.equal(3_000_000);
      expect(previous?.bankSerial).to.equal('S0999999');
      expect(peak, 'heap growth while streaming').to.be.lessThan(100 * 1024 * 1024);
    } finally {
      await reopened.close();
    }
  });
});
