import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

const { zhangSan, liSi, wangWu, zhaoLiu, unknown } = DEMO.customers;

describe('BOSS service: payments, deletes and make-ups [bank-interface §4 1001/1002/1005/1006]', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  const arrears = (custno: string) => h.store.read(async (view) => [await view.arrears(custno), (await view.customer(custno))?.balance]);

  describe('1001 query and 1002 payment', () => {
    it('2001 for an unknown customer, 2002 for a suspended or closed one', async () => {
      for (const tx of [['1001', []], ['1002', ['100', '1']]] as const) {
        expect(await h.ask(body(tx[0], [unknown, ...tx[1]], { bankSerial: 'Q1' + tx[0] }))).to.equal(`${tx[0]}|2001|customer not found|Q1${tx[0]}||`);
        expect(await h.ask(body(tx[0], [liSi, ...tx[1]], { bankSerial: 'Q2' + tx[0] }))).to.equal(`${tx[0]}|2002|customer account suspended|Q2${tx[0]}||`);
        expect(await h.ask(body(tx[0], [wangWu, ...tx[1]], { bankSerial: 'Q3' + tx[0] }))).to.equal(`${tx[0]}|2002|customer account closed|Q3${tx[0]}||`);
      }
      expect(await arrears(liSi)).to.deep.equal([2250, 0]);
    });

    it('settles the oldest month first, lists the remainder, and sends the excess to the balance', async () => {
      expect(await h.ask(body('1002', [zhangSan, '3000', '2'], { bankSerial: 'P1' }))).to.equal('1002|0000|OK|P1|B2026112300000001|C00012345|3000|0|');
      expect(await h.ask(body('1001', [zhangSan], { bankSerial: 'P2' }))).to.equal('1001|0000|OK|P2||C00012345|ZHANG SAN|NO 8 RENMIN RD|1500|1|202611|BASIC|1500|');
      expect(await h.ask(body('1002', [zhangSan, '2000', '1'], { bankSerial: 'P3' }))).to.equal('1002|0000|OK|P3|B2026112300000002|C00012345|2000|500|');
      expect(await arrears(zhangSan)).to.deep.equal([0, 500]);
      // another date: with 5000 posted today, 999999999999 more would pass the 12 digits of today's cash total
      expect(await h.ask(body('1002', [zhaoLiu, '999999999999', '1'], { bankSerial: 'P4', txdate: '20261122' }))).to.equal('1002|0000|OK|P4|B2026112200000001|C00012348|999999999999|999999999999|');
    });

    it('numbers payments by the request TXDATE', async () => {
      expect(await h.ask(body('1002', [zhangSan, '1', '1'], { bankSerial: 'D1', txdate: '20261122' }))).to.contain('|B2026112200000001|');
      expect(await h.ask(body('1002', [zhangSan, '1', '1'], { bankSerial: 'D2' }))).to.contain('|B2026112300000001|');
    });
  });

  describe('1005 delete payment', () => {
    beforeEach(async () => {
      expect(await h.ask(body('1002', [zhangSan, '3000', '1'], { bankSerial: 'PAY1' }))).to.contain('|0000|');
    });

    it('reverses the payment exactly and answers the reversal serial', async () => {
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000'], { bankSerial: 'DEL1' }))).to.equal('1005|0000|OK|DEL1|R2026112300000001|PAY1|');
      expect(await arrears(zhangSan)).to.deep.equal([4500, 0]);
      expect(await h.ask(body('1001', [zhangSan]))).to.contain('|4500|2|202610|BASIC|2250|202611|BASIC|2250|');
    });

    it('2004 for an unknown ORIGSERIAL or a payment of another bank; 2005 for a payment of this bank on another date', async () => {
      expect(await h.ask(body('1005', ['NOPE', zhangSan, '3000'], { bankSerial: 'X1' }))).to.equal('1005|2004|original transaction not found|X1||');
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000'], { bankSerial: 'X2', txdate: '20261122' }))).to.match(/^1005\|2005\|/);
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000'], { bankSerial: 'X3', bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^1005\|2004\|/);
    });

    it('2004 for a withholding posting: only cash entries can be deleted', async () => {
      await h.store.unit(
        (tx) => tx.postPayment({ bankcode: 'ICBC01', txdate: '20261123', bankSerial: 'WH1', custno: zhaoLiu, amount: 10, channel: 'withholding', txtime: '000000', serial: { prefix: 'W', date: '20261123' } }),
        { durable: true },
      );
      expect(await h.ask(body('1005', ['WH1', zhaoLiu, '10']))).to.match(/^1005\|2004\|/);
    });

    it('2003 when CUSTNO or AMOUNT differ from the original', async () => {
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3001'], { bankSerial: 'M1' }))).to.equal('1005|2003|amount invalid or not matching|M1||');
      expect(await h.ask(body('1005', ['PAY1', zhaoLiu, '3000']))).to.match(/^1005\|2003\|/);
      expect(await arrears(zhangSan)).to.deep.equal([1500, 0]);
    });

    it('2005 for a payment already deleted', async () => {
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000']))).to.contain('|0000|');
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000'], { bankSerial: 'AGAIN' }))).to.equal('1005|2005|original payment already reversed|AGAIN||');
    });

    it('2005 once the cash total of the date was reconciled with 0; a mismatch does not block', async () => {
      expect(await h.ask(body('2001', ['20261123', '9', '9']))).to.match(/\|1\|$/);
      expect(await h.ask(body('1002', [zhaoLiu, '5', '1'], { bankSerial: 'PAY2' }))).to.contain('|0000|');
      expect(await h.ask(body('1005', ['PAY2', zhaoLiu, '5']))).to.contain('|0000|');
      expect(await h.ask(body('2001', ['20261123', '1', '3000']))).to.match(/\|0\|$/);
      expect(await h.ask(body('1005', ['PAY1', zhangSan, '3000'], { bankSerial: 'LATE' }))).to.equal('1005|2005|cash total of that date already reconciled|LATE||');
      expect(await arrears(zhangSan)).to.deep.equal([1500, 0]);
    });
  });

  describe('1006 make-up confirm', () => {
    it('posts under ORIGDATE and ORIGSERIAL with a B serial of the request date', async () => {
      expect(await h.ask(body('1006', ['LOST1', '20261122', zhangSan, '2250'], { bankSerial: 'MK1' }))).to.equal('1006|0000|OK|MK1|B2026112300000001|LOST1|C00012345|2250|');
      const payment = await h.store.read((view) => view.paymentByBankSerial({ bankcode: 'ICBC01', txdate: '20261122', bankSerial: 'LOST1' }));
      expect(payment).to.include({ channel: 'makeup', bossSerial: 'B2026112300000001', custno: zhangSan, amount: 2250, paytype: '', txtime: '101500', teller: 'T01' });
      expect(await h.store.read((view) => view.entryTotals({ bankcode: 'ICBC01', date: '20261122', kind: 'cash' }))).to.deep.equal({ count: 1, total: 2250 });
      expect(await arrears(zhangSan)).to.deep.equal([2250, 0]);
    });

    it('answers 0000 with the existing BOSSSERIAL and posts nothing when the BOSS has it; 2003 when it differs', async () => {
      expect(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'HAVE1' }))).to.contain('|B2026112300000001|');
      expect(await h.ask(body('1006', ['HAVE1', '20261123', zhangSan, '100'], { bankSerial: 'MK2' }))).to.equal('1006|0000|OK|MK2|B2026112300000001|HAVE1|C00012345|100|');
      expect(await h.ask(body('1006', ['HAVE1', '20261123', zhangSan, '101'], { bankSerial: 'MK3' }))).to.equal('1006|2003|amount invalid or not matching|MK3||');
      expect(await h.ask(body('1006', ['HAVE1', '20261123', zhaoLiu, '100'], { bankSerial: 'MK4' }))).to.match(/^1006\|2003\|/);
      expect(await arrears(zhangSan)).to.deep.equal([4400, 0]);
    });

    it('2005 for a payment the bank deleted, or a date already reconciled with 0', async () => {
      await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'GONE' }));
      await h.ask(body('1005', ['GONE', zhangSan, '100']));
      expect(await h.ask(body('1006', ['GONE', '20261123', zhangSan, '100']))).to.match(/^1006\|2005\|original payment was deleted\|/);
      expect(await h.ask(body('2001', ['20261122', '0', '0']))).to.match(/\|0\|$/);
      expect(await h.ask(body('1006', ['NEW', '20261122', zhangSan, '100']))).to.match(/^1006\|2005\|cash total of ORIGDATE already reconciled\|/);
    });

    it('2001 and 2002 for customers that cannot be credited', async () => {
      expect(await h.ask(body('1006', ['U1', '20261122', unknown, '100']))).to.match(/^1006\|2001\|/);
      expect(await h.ask(body('1006', ['U2', '20261122', liSi, '100']))).to.match(/^1006\|2002\|/);
    });

    it('a 1002 whose key a make-up already posted is not posted twice', async () => {
      await h.ask(body('1006', ['LATE1', '20261123', zhangSan, '100'], { bankSerial: 'MK5' }));
      expect(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'LATE1' }))).to.equal('1002|0000|OK|LATE1|B2026112300000001|C00012345|100|0|');
      expect(await h.ask(body('1002', [zhangSan, '200', '1'], { bankSerial: 'LATE1', txdate: '20261123', teller: 'T02' }))).to.match(/^1002\|1005\|/);
      await h.ask(body('1006', ['LATE2', '20261123', zhangSan, '100'], { bankSerial: 'MK6' }));
      expect(await h.ask(body('1002', [zhangSan, '200', '1'], { bankSerial: 'LATE2' }))).to.equal('1002|2003|BANKSERIAL already posted with other values|LATE2||');
      await h.ask(body('1006', ['LATE3', '20261123', zhangSan, '100'], { bankSerial: 'MK7' }));
      await h.ask(body('1005', ['LATE3', zhangSan, '100']));
      expect(await h.ask(body('1002', [zhangSan, '100', '1'], { bankSerial: 'LATE3' }))).to.match(/^1002\|2005\|/);
      expect(await arrears(zhangSan)).to.deep.equal([4300, 0]);
    });
  });
});
