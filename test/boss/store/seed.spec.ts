import Database from 'better-sqlite3';
import { expect } from 'chai';
import { ALL_TXCODES, DEMO, seedDemo } from '../../../src/boss/seed.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { tempDbFile } from './helpers.ts';

/** Every row of every table, as text: "changes nothing" compares these. */
function dump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return JSON.stringify(tables.map((name) => [name, db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('BOSS demo data (seedDemo) [brief: demo data]', () => {
  it('creates the banks, customers, bills and agreements of the brief', async () => {
    const file = await tempDbFile('boss-seed');
    const store = openSqliteStore(file);
    const summary = await seedDemo(store);
    // bulk bills: n % 3 + 1 months, doubled for even n
    let bulkBills = 0;
    for (let n = 1; n <= 200; n++) bulkBills += (1 + (n % 3)) * (n % 2 === 0 ? 2 : 1);
    expect(summary).to.deep.equal({ banks: 3, customers: 204, bills: 3 + bulkBills, agreements: 50 });
    const seen = await store.read(async (view) => ({
      icbc: await view.bank(DEMO.banks.icbc),
      ccb: await view.bank(DEMO.banks.ccb),
      abc: await view.bank(DEMO.banks.abc),
      zhang: await view.customer(DEMO.customers.zhangSan),
      zhangBills: await view.outstandingBills(DEMO.customers.zhangSan),
      li: await view.customer(DEMO.customers.liSi),
      liArrears: await view.arrears(DEMO.customers.liSi),
      wang: await view.customer(DEMO.customers.wangWu),
      zhao: await view.customer(DEMO.customers.zhaoLiu),
      zhaoArrears: await view.arrears(DEMO.customers.zhaoLiu),
      unknown: await view.customer(DEMO.customers.unknown),
      first: await view.outstandingBills('C00020001'),
      fourth: await view.activeAgreement('C00020004'),
      fifth: await view.activeAgreement('C00020005'),
      last: await view.customer(DEMO.bulk.last),
    }));
    expect(seen.icbc).to.deep.equal({ bankcode: 'ICBC01', name: 'ICBC', addresses: ['127.0.0.1'], txcodes: [...ALL_TXCODES], ftpUser: 'icbc01', ftpPassword: 'icbc01' });
    expect(seen.ccb?.txcodes).to.deep.equal(['1001', '1002']);
    expect(seen.ccb?.addresses).to.deep.equal(['127.0.0.1']);
    expect(seen.abc?.addresses).to.deep.equal(['192.0.2.1']);
    expect(seen.zhang).to.deep.equal({ custno: 'C00012345', name: 'ZHANG SAN', address: 'NO 8 RENMIN RD', status: 'active', balance: 0 });
    expect(seen.zhangBills.map((b) => [b.month, b.item, b.amount, b.paid])).to.deep.equal([
      ['202610', 'BASIC', 2250, 0],
      ['202611', 'BASIC', 2250, 0],
    ]);
    expect([seen.li?.status, seen.liArrears]).to.deep.equal(['suspended', 2250]);
    expect(seen.wang?.status).to.equal('closed');
    expect([seen.zhao?.status, seen.zhao?.balance, seen.zhaoArrears]).to.deep.equal(['active', 0, 0]);
    expect(seen.unknown).to.equal(undefined);
    expect(seen.first.map((b) => `${b.month} ${b.item}`)).to.deep.equal(['202610 BASIC', '202611 BASIC']);
    expect(seen.fourth).to.include({ bankcode: 'ICBC01', acctno: '6222020000020004', acctname: 'ACCT20004', status: 'active' });
    expect(seen.fifth).to.equal(undefined);
    expect(seen.last?.custno).to.equal('C00020200');
    const due = await store.withholdingDue('ICBC01');
    expect(due).to.have.length(50);
    expect(due[0]).to.deep.equal({ agreementSerial: 'A2026110100000001', custno: 'C00020004', acctno: '6222020000020004', acctname: 'ACCT20004', arrears: 2 * (2250 + 1000) });
    await store.close();
  });

  it('is idempotent: seeding again changes nothing, even after business happened', async () => {
    const file = await tempDbFile('boss-seed');
    const store = openSqliteStore(file);
    await seedDemo(store);
    await store.unit((tx) => tx.postPayment({ bankcode: 'ICBC01', txdate: '20261123', bankSerial: 'X1', custno: DEMO.customers.zhangSan, amount: 4500, channel: 'realtime', txtime: '101500', serial: { prefix: 'B', date: '20261123' } }), { durable: true });
    await store.unit(async (tx) => tx.cancelAgreement((await tx.activeAgreement('C00020004'))!.agreementSerial, '20261123'), { durable: true });
    await store.close();
    const before = dump(file);
    const again = openSqliteStore(file);
    expect(await seedDemo(again)).to.deep.equal({ banks: 0, customers: 0, bills: 0, agreements: 0 });
    await again.close();
    expect(dump(file)).to.equal(before);
  });
});
