import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { PostedEntry } from '../../../src/boss/store/records.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import type { BossStore } from '../../../src/boss/store/types.ts';
import { openFixtureStore, payment } from './helpers.ts';

async function collect(store: BossStore, kind: 'cash' | 'withholding', date = '20261123', bankcode = 'BK01'): Promise<PostedEntry[]> {
  const entries: PostedEntry[] = [];
  for await (const entry of store.postedEntries({ bankcode, date, kind })) entries.push(entry);
  return entries;
}

describe('BOSS store: posted entries for detail reconciliation [bank-interface §7]', () => {
  it('streams one bank, date and kind by BANKSERIAL byte order, without reversed entries', async () => {
    const { store } = await openFixtureStore();
    await store.unit(async (tx) => {
      await tx.saveBank({ bankcode: 'BK02', name: 'OTHER', addresses: [], txcodes: [], ftpUser: 'bk02', ftpPassword: 'x' }, 'ifAbsent');
      for (const serial of ['b7', 'A10', 'A9', 'a1', 'B2']) await tx.postPayment(payment('C2', 10, { bankSerial: serial }));
      await tx.postPayment(payment('C2', 20, { bankSerial: 'M1', channel: 'makeup', paytype: '' }));
      await tx.postPayment(payment('C2', 30, { bankSerial: 'W1', channel: 'withholding', acctno: '6222', serial: { prefix: 'W', date: '20261123' } }));
      await tx.postPayment(payment('C2', 40, { bankSerial: 'A11', txdate: '20261122' }));
      await tx.postPayment(payment('C2', 50, { bankSerial: 'A12', bankcode: 'BK02' }));
      const gone = await tx.postPayment(payment('C2', 60, { bankSerial: 'A0' }));
      await tx.reversePayment({ paymentSerial: gone.payment.bossSerial, bankcode: 'BK01', txdate: '20261123', bankSerial: 'D1', serial: { prefix: 'R', date: '20261123' } });
    }, { durable: false });
    const cash = await collect(store, 'cash');
    expect(cash.map((e) => e.bankSerial)).to.deep.equal(['A10', 'A9', 'B2', 'M1', 'a1', 'b7']);
    expect(cash.find((e) => e.bankSerial === 'M1')).to.deep.include({ channel: 'makeup', amount: 20, custno: 'C2', txtime: '101500', teller: 'T1' });
    expect((await collect(store, 'withholding')).map((e) => [e.bankSerial, e.acctno, e.bossSerial])).to.deep.equal([['W1', '6222', 'W2026112300000001']]);
    expect(await store.read((view) => view.entryTotals({ bankcode: 'BK01', date: '20261123', kind: 'cash' }))).to.deep.equal({ count: 6, total: 70 });
    // breaking off early releases the walk's connection
    for await (const entry of store.postedEntries({ bankcode: 'BK01', date: '20261123', kind: 'cash' })) if (entry) break;
    await store.close();
  });

  // a bank's day as large as the brief asks for; rows inserted in serial order (as banks number them)
  // so that building the file stays quick; the walk itself does not depend on that order
  it('streams 1,000,000 entries in order with bounded memory', async function () {
    this.timeout(60000);
    const { store, file } = await openFixtureStore();
    await store.close();
    const raw = new Database(file);
    raw.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999)
      INSERT INTO payments (bossserial, bankcode, txdate, bankserial, custno, amount, channel, txtime)
      SELECT printf('B%08d', i), 'BK01', '20261123', printf('S%07d', i), 'C2', 1 + i % 5, 'realtime', '101500' FROM n`);
    raw.close();
    const reopened = openSqliteStore(file);
    const heapBefore = process.memoryUsage().heapUsed;
    let count = 0;
    let total = 0;
    let previous = '';
    let peak = 0;
    for await (const entry of reopened.postedEntries({ bankcode: 'BK01', date: '20261123', kind: 'cash' })) {
      if (!(entry.bankSerial > previous)) throw new Error(`${entry.bankSerial} after ${previous}`);
      previous = entry.bankSerial;
      count++;
      total += entry.amount;
      if (count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(count).to.equal(1_000_000);
    expect(total).to.equal(3_000_000);
    expect(peak, 'heap growth while streaming').to.be.lessThan(100 * 1024 * 1024);
    await reopened.close();
  });
});
