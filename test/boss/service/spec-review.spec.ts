import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import type { BatchInfo } from '../../../src/boss/store/sqlite/index.ts';
import { body, openHarness, respCodeOf, TODAY, type Harness } from './harness.ts';

const { zhangSan, zhaoLiu } = DEMO.customers;

/** Decisions of the spec review (docs/boss/ledger.md, "Decisions where the spec is open"). */
describe('BOSS service: spec review decisions [bank-interface §4, §5, §6]', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(() => h?.close());

  describe('with a plain harness', () => {
    beforeEach(async () => (h = await openHarness()));

    it('1002 into a date whose cash total was reconciled with RESULT 0 → 2005, nothing posted; a mismatch does not close it', async () => {
      expect(respCodeOf(await h.ask(body('2001', [TODAY, '0', '1'])))).to.equal('0000'); // mismatch: still open
      expect(respCodeOf(await h.ask(body('1002', [zhangSan, '100', '1'])))).to.equal('0000');
      expect(await h.ask(body('2001', [TODAY, '1', '100']))).to.match(/\|0\|$/);
      const refused = await h.ask(body('1002', [zhangSan, '200', '1'], { bankSerial: 'LATE1' }));
      expect(refused).to.equal('1002|2005|cash total of TXDATE already reconciled|LATE1||');
      const totals = await h.store.read((view) => view.entryTotals({ bankcode: DEMO.banks.icbc, date: TODAY, kind: 'cash' }));
      expect(totals).to.deep.equal({ count: 1, total: 100 });
      // another date is not closed
      expect(respCodeOf(await h.ask(body('1002', [zhangSan, '200', '1'], { txdate: '20261122' })))).to.equal('0000');
    });

    it('AMOUNT 0 is answered 2003 (out of range), not 1002 (malformed), for 1002, 1005 and 1006', async () => {
      expect(respCodeOf(await h.ask(body('1002', [zhangSan, '0', '1'])))).to.equal('2003');
      expect(respCodeOf(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'P0' })))).to.equal('0000');
      expect(respCodeOf(await h.ask(body('1005', ['P0', zhangSan, '0'])))).to.equal('2003');
      expect(respCodeOf(await h.ask(body('1006', ['MK0', '20261122', zhangSan, '0'])))).to.equal('2003');
      const payments = await h.store.read((view) => view.entryTotals({ bankcode: DEMO.banks.icbc, date: TODAY, kind: 'cash' }));
      expect(payments.count).to.equal(1);
    });

    it('1005 of a payment with an issued or printed invoice → 2009; after 3003 voids it, the delete goes through', async () => {
      expect(await h.ask(body('1002', [zhangSan, '4500', '1'], { bankSerial: 'PI' }))).to.contain('|0000|');
      const invoice = (await h.decoded(body('3001', ['B2026112300000001']))).fields.INVOICENO ?? '';
      expect(await h.ask(body('1005', ['PI', zhangSan, '4500'], { bankSerial: 'D1' }))).to.match(/^1005\|2009\|invoice I\d+ is issued: void it \(3003\) first\|D1\|\|$/);
      expect(respCodeOf(await h.ask(body('3002', [invoice])))).to.equal('0000');
      expect(await h.ask(body('1005', ['PI', zhangSan, '4500'], { bankSerial: 'D2' }))).to.match(/^1005\|2009\|invoice I\d+ is printed/);
      expect(respCodeOf(await h.ask(body('3003', [invoice, 'WRONG CUSTOMER'])))).to.equal('0000');
      expect(respCodeOf(await h.ask(body('1005', ['PI', zhangSan, '4500'], { bankSerial: 'D3' })))).to.equal('0000');
    });

    it('1005 of an ORIGSERIAL this bank has on another date → 2005 (never "not found"); unknown everywhere → 2004', async () => {
      expect(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'OLD1', txdate: '20261120' }))).to.contain('|0000|');
      expect(await h.ask(body('1005', ['OLD1', zhangSan, '100'], { bankSerial: 'DX' }))).to.equal('1005|2005|ORIGSERIAL is a payment of 20261120, not of TXDATE|DX||');
      expect(respCodeOf(await h.ask(body('1005', ['NEVER', zhangSan, '100'])))).to.equal('2004');
      expect(respCodeOf(await h.ask(body('1005', ['OLD1', zhangSan, '100'], { txdate: '20261120' })))).to.equal('0000');
    });
  });

  it('1003 and 1004 commit durably (synchronous=FULL) before their 0000', async () => {
    const batches: BatchInfo[] = [];
    h = await openHarness({ storeOptions: { onBatch: (info) => batches.push(info) } });
    batches.length = 0;
    expect(respCodeOf(await h.ask(body('1003', [zhaoLiu, '6222', 'ZHAO'])))).to.equal('0000');
    expect(respCodeOf(await h.ask(body('1004', [zhaoLiu, '6222'])))).to.equal('0000');
    expect(batches.map((b) => [b.durable, b.synchronous])).to.deep.equal([
      [true, 2],
      [true, 2],
    ]);
  });
});
