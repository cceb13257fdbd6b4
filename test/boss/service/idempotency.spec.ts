import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { DEMO } from '../../../src/boss/seed.ts';
import type { BatchInfo } from '../../../src/boss/store/sqlite/index.ts';
import type { BossStore, LedgerTransaction } from '../../../src/boss/store/types.ts';
import { body, openHarness, type Harness } from './harness.ts';

const { zhangSan, zhaoLiu } = DEMO.customers;

/** The store with one ledger method replaced while `failing` says so: a fault in the middle of a unit. */
function faulty(store: BossStore, method: keyof LedgerTransaction, failing: () => boolean): BossStore {
  return {
    unit: (work, options) =>
      store.unit(
        (tx) =>
          work(
            new Proxy(tx, {
              get(target, property, receiver) {
                const value: unknown = Reflect.get(target, property, receiver);
                if (property === method && failing()) return () => Promise.reject(new Error(`injected failure in ${method}`));
                return value;
              },
            }),
          ),
        options,
      ),
    read: (work) => store.read(work),
    postedEntries: (query) => store.postedEntries(query),
    withholdingDue: (bankcode) => store.withholdingDue(bankcode),
    close: () => store.close(),
  };
}

describe('BOSS service: idempotency and durability [bank-interface §5]', () => {
  let h: Harness;
  afterEach(() => h.close());

  const paymentCount = () => h.store.read(async (view) => (await view.entryTotals({ bankcode: 'ICBC01', date: '20261123', kind: 'cash' })).count);

  it('answers a repeated request with the original answer byte for byte and changes nothing, for every transaction', async () => {
    h = await openHarness();
    const requests = [
      body('1001', [zhangSan]),
      body('1002', [zhangSan, '5000', '1'], { bankSerial: 'PAY1' }),
      body('1003', [zhaoLiu, '6222', 'ZHAO']),
      body('1004', [zhaoLiu, '6222']),
      body('1002', [zhaoLiu, '10', '1'], { bankSerial: 'PAY2' }),
      body('1005', ['PAY2', zhaoLiu, '10']),
      body('1006', ['LOST', '20261123', zhaoLiu, '20']),
      body('2001', ['20261123', '9', '9']),
      body('2002', ['20261123', '0', '0']),
      body('3001', ['B2026112300000001']),
      body('3002', ['I2026112300000001']),
      body('3003', ['I2026112300000001', 'TORN']),
      body('1001', [DEMO.customers.unknown]),
    ];
    const originals = [];
    for (const request of requests) originals.push(await h.send(request));
    const stateBefore = await h.store.read(async (view) => [await view.arrears(zhangSan), (await view.customer(zhangSan))?.balance, await view.activeAgreement(zhaoLiu)]);
    // later business that changes what a fresh 1001 would say
    await h.ask(body('1002', [zhangSan, '1', '1']));
    for (const [i, request] of requests.entries()) {
      const again = await h.send(request);
      expect(toHex(again.body), request).to.equal(toHex(originals[i]!.body));
      expect(again.replayed, request).to.equal(true);
      expect(again.respCode).to.equal(originals[i]!.respCode);
      expect(again.bossSerial).to.equal(originals[i]!.bossSerial);
    }
    expect(await paymentCount()).to.equal(3);
    const stateAfter = await h.store.read(async (view) => [await view.arrears(zhangSan), (await view.customer(zhangSan))?.balance, await view.activeAgreement(zhaoLiu)]);
    expect(stateAfter).to.deep.equal([stateBefore[0], (stateBefore[1] as number) + 1, stateBefore[2]]);
  });

  it('replays byte for byte after the file is closed and reopened', async () => {
    h = await openHarness();
    const request = body('1002', [zhangSan, '4500', '1'], { bankSerial: 'REOPEN' });
    const original = await h.send(request);
    await h.close();
    h = await openHarness({ file: h.file, seed: false });
    const again = await h.send(request);
    expect(toHex(again.body)).to.equal(toHex(original.body));
    expect(again.replayed).to.equal(true);
    expect(await paymentCount()).to.equal(1);
  });

  it('1005 for the same key with a different body, changing nothing and storing nothing', async () => {
    h = await openHarness();
    await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'K1' }));
    expect(await h.ask(body('1002', [zhangSan, '200', '1'], { bankSerial: 'K1' }))).to.equal('1002|1005|BANKSERIAL reused with a different body|K1||');
    // a different transaction under the same key, or only a different TXTIME, is a different body
    expect(await h.ask(body('1001', [zhangSan], { bankSerial: 'K1' }))).to.equal('1001|1005|BANKSERIAL reused with a different body|K1||');
    expect(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'K1', txtime: '101501' }))).to.match(/^1002\|1005\|/);
    // the key is (BANKCODE, TXDATE, BANKSERIAL): another date or bank is another key
    expect(await h.ask(body('1002', [zhangSan, '200', '1'], { bankSerial: 'K1', txdate: '20261122' }))).to.match(/^1002\|0000\|/);
    expect(await paymentCount()).to.equal(1);
    const replay = await h.send(body('1002', [zhangSan, '100', '1'], { bankSerial: 'K1' }));
    expect(replay.replayed).to.equal(true);
    expect(replay.respCode).to.equal('0000');
  });

  it('answers 9999 for a failure inside the unit, applies nothing and stores nothing, so a retry is processed', async () => {
    let fail = true;
    h = await openHarness({ wrap: (store) => faulty(store, 'recordExchange', () => fail) });
    const request = body('1002', [zhangSan, '4500', '1'], { bankSerial: 'RETRY' });
    const failed = await h.send(request);
    expect(Buffer.from(failed.body).toString()).to.equal('1002|9999|internal error, nothing applied, retry|RETRY||');
    expect(failed).to.include({ respCode: '9999', replayed: false });
    // the payment was posted inside the unit before the failure: rolled back with it
    expect(await paymentCount()).to.equal(0);
    expect(await h.store.read((view) => view.arrears(zhangSan))).to.equal(4500);
    fail = false;
    const retried = await h.send(request);
    expect(retried).to.include({ respCode: '0000', replayed: false, bossSerial: 'B2026112300000001' });
  });

  it('answers 9999 when the deadline passed before the unit started, applying nothing', async () => {
    h = await openHarness();
    const answer = await h.service.handle(Buffer.from(body('1002', [zhangSan, '4500', '1'], { bankSerial: 'LATE' })), {
      peerAddress: '127.0.0.1',
      receivedAt: h.clock.now() - 6000,
      deadline: h.clock.now() - 1000,
    });
    expect(answer.respCode).to.equal('9999');
    expect(await paymentCount()).to.equal(0);
    expect(await h.ask(body('1002', [zhangSan, '4500', '1'], { bankSerial: 'LATE' }))).to.match(/^1002\|0000\|/);
  });

  it('commits durable transactions (1003 included, a profile choice) with synchronous=FULL before answering, queries without', async () => {
    const batches: BatchInfo[] = [];
    h = await openHarness({ storeOptions: { onBatch: (info) => batches.push(info) } });
    batches.length = 0;
    await h.send(body('1001', [zhangSan]));
    await h.send(body('1003', [zhaoLiu, '6222', 'ZHAO']));
    await h.send(body('1002', [zhangSan, '1', '1']));
    await h.send(body('3001', ['B2026112300000001']));
    expect(batches.map((b) => b.synchronous)).to.deep.equal([1, 2, 2, 2]);
  });

  it('answers concurrent requests each exactly once, sharing commits', async () => {
    const batches: BatchInfo[] = [];
    h = await openHarness({ storeOptions: { onBatch: (info) => batches.push(info) } });
    batches.length = 0;
    const customers = Array.from({ length: 40 }, (_, i) => `C000${20001 + i}`);
    const requests = customers.flatMap((custno, i) => [body('1002', [custno, '100', '1'], { bankSerial: `CC${i}` }), body('1002', [custno, '100', '1'], { bankSerial: `CC${i}` })]);
    const answers = await Promise.all(requests.map((request) => h.send(request)));
    expect(answers.filter((a) => a.respCode === '0000')).to.have.length(80);
    expect(answers.filter((a) => a.replayed)).to.have.length(40);
    expect(new Set(answers.map((a) => a.bossSerial)).size).to.equal(40);
    expect(batches.length).to.be.lessThan(80);
    expect(await paymentCount()).to.equal(40);
  });
});
