import { expect } from 'chai';
import { AmountLimitError } from '../../../src/boss/store/errors.ts';
import { openFixtureStore, payment } from './helpers.ts';

describe('BOSS store: postings that would pass 12 digits are refused before writing [bank-interface §2]', function () {
  this.timeout(20_000);

  it('postPayment throws AmountLimitError for the balance and for the day total, and nothing is written', async () => {
    const { store } = await openFixtureStore();
    try {
      await store.unit((tx) => tx.postPayment(payment('C2', 999_999_999_999, { txdate: '20261101' })), { durable: true });
      const balance = await store.unit((tx) => tx.postPayment(payment('C2', 1, { txdate: '20261102' })), { durable: true }).catch((e: unknown) => e);
      expect(balance).to.be.instanceOf(AmountLimitError).and.to.have.property('field', 'BALANCE');
      const total = await store.unit((tx) => tx.postPayment(payment('C1', 1, { txdate: '20261101' })), { durable: true }).catch((e: unknown) => e);
      expect(total).to.be.instanceOf(AmountLimitError).and.to.have.property('field', 'TOTAL');
      const totals = await store.read((view) => view.entryTotals({ bankcode: 'BK01', date: '20261101', kind: 'cash' }));
      expect(totals).to.deep.equal({ count: 1, total: 999_999_999_999 });
      expect((await store.read((view) => view.customer('C2')))?.balance).to.equal(999_999_999_999);
    } finally {
      await store.close();
    }
  });

  it('a withholding (YH) line that would pass the day total is a conflict, not posted, and other days still post', async () => {
    const { store } = await openFixtureStore();
    try {
      const ledger = store.batchLedger();
      const line = (seq: number, amount: number, date = '20261101') => ({ bankcode: 'BK01', date, seq, custno: 'C2', acctno: 'A1', amount, bankSerial: `Y${seq}`, fileName: `YH${date}.TXT` });
      expect((await ledger.postWithholding(line(1, 999_999_999_000))).status).to.equal('posted');
      const refused = await ledger.postWithholding(line(2, 1000));
      expect(refused.status).to.equal('conflict');
      expect(refused.status === 'conflict' && refused.message).to.contain('12 digits');
      expect((await ledger.postWithholding(line(3, 999, '20261102'))).status).to.equal('posted');
      const totals = await store.read((view) => view.entryTotals({ bankcode: 'BK01', date: '20261101', kind: 'withholding' }));
      expect(totals).to.deep.equal({ count: 1, total: 999_999_999_000 });
    } finally {
      await store.close();
    }
  });
});
