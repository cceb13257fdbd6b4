import { expect } from 'chai';
import { planAllocation } from '../../../src/boss/store/allocation.ts';
import { DuplicatePaymentError, LedgerRuleError, PaymentNotFoundError, UnknownCustomerError } from '../../../src/boss/store/errors.ts';
import type { BillRecord } from '../../../src/boss/store/records.ts';
import type { SqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { openFixtureStore, payment } from './helpers.ts';

const bill = (month: string, amount: number, paid = 0, item = 'BASIC'): BillRecord => ({ custno: 'C', month, item, amount, paid });

describe('BOSS store: posting and reversal [bank-interface §4 1002/1005]', () => {
  describe('planAllocation (pure)', () => {
    it('settles bills in the given order, the last one in part, nothing to balance', () => {
      expect(planAllocation([bill('202609', 2250), bill('202610', 2250, 1000), bill('202611', 2250)], 3000)).to.deep.equal([
        { target: 'bill', month: '202609', item: 'BASIC', amount: 2250 },
        { target: 'bill', month: '202610', item: 'BASIC', amount: 750 },
      ]);
    });

    it('sends the excess to the balance, and everything when nothing is owed', () => {
      expect(planAllocation([bill('202611', 2250)], 5000)).to.deep.equal([
        { target: 'bill', month: '202611', item: 'BASIC', amount: 2250 },
        { target: 'balance', amount: 2750 },
      ]);
      expect(planAllocation([], 1)).to.deep.equal([{ target: 'balance', amount: 1 }]);
    });

    it('refuses amounts outside 1..999999999999 and non-integers', () => {
      for (const amount of [0, -1, 1.5, 1_000_000_000_000]) expect(() => planAllocation([], amount), String(amount)).to.throw(LedgerRuleError);
      expect(planAllocation([], 999_999_999_999)).to.have.length(1);
    });
  });

  describe('postPayment / reversePayment', () => {
    let store: SqliteStore;
    beforeEach(async () => {
      store = (await openFixtureStore()).store;
    });
    afterEach(() => store.close());

    const state = () =>
      store.read(async (view) => ({
        bills: (await view.outstandingBills('C1')).map((b) => `${b.month}:${b.paid}`),
        arrears: await view.arrears('C1'),
        balance: (await view.customer('C1'))?.balance,
      }));

    it('posts oldest month first, records the split, and numbers serials per (prefix, date)', async () => {
      const first = await store.unit((tx) => tx.postPayment(payment('C1', 3000)), { durable: true });
      expect(first.payment.bossSerial).to.equal('B2026112300000001');
      expect(first.allocations).to.deep.equal([
        { target: 'bill', month: '202609', item: 'BASIC', amount: 2250 },
        { target: 'bill', month: '202610', item: 'BASIC', amount: 750 },
      ]);
      expect(first.balance).to.equal(0);
      expect(await state()).to.deep.equal({ bills: ['202610:750', '202611:0'], arrears: 3750, balance: 0 });
      const second = await store.unit((tx) => tx.postPayment(payment('C1', 5000)), { durable: true });
      expect(second.payment.bossSerial).to.equal('B2026112300000002');
      expect(second.balance).to.equal(1250);
      expect(await state()).to.deep.equal({ bills: [], arrears: 0, balance: 1250 });
      const otherDate = await store.unit((tx) => tx.postPayment(payment('C2', 1, { txdate: '20261124', serial: { prefix: 'W', date: '20261124' }, channel: 'withholding' })), { durable: true });
      expect(otherDate.payment.bossSerial).to.equal('W2026112400000001');
      expect(await store.read((view) => view.allocations(second.payment.bossSerial))).to.deep.equal(second.allocations);
    });

    it('reverses exactly what a payment did, even after later payments', async () => {
      const p1 = await store.unit((tx) => tx.postPayment(payment('C1', 3000)), { durable: true });
      const p2 = await store.unit((tx) => tx.postPayment(payment('C1', 5000)), { durable: true });
      const reversal = await store.unit(
        (tx) => tx.reversePayment({ paymentSerial: p1.payment.bossSerial, bankcode: 'BK01', txdate: '20261123', bankSerial: 'DEL1', serial: { prefix: 'R', date: '20261123' } }),
        { durable: true },
      );
      expect(reversal.reversalSerial).to.equal('R2026112300000001');
      expect(reversal.restored).to.deep.equal(p1.allocations);
      // p1 paid 202609 in full and 750 of 202610; those are owed again, p2's parts stay
      expect(await state()).to.deep.equal({ bills: ['202609:0', '202610:1500'], arrears: 3000, balance: 1250 });
      expect((await store.read((view) => view.paymentBySerial(p1.payment.bossSerial)))?.status).to.equal('reversed');
      await store.unit(
        (tx) => tx.reversePayment({ paymentSerial: p2.payment.bossSerial, bankcode: 'BK01', txdate: '20261123', bankSerial: 'DEL2', serial: { prefix: 'R', date: '20261123' } }),
        { durable: true },
      );
      expect(await state()).to.deep.equal({ bills: ['202609:0', '202610:0', '202611:0'], arrears: 6750, balance: 0 });
    });

    it('refuses a second reversal, an unknown payment, a taken bank key, an unknown customer and a zero amount', async () => {
      const p = await store.unit((tx) => tx.postPayment(payment('C1', 100, { bankSerial: 'ONE' })), { durable: true });
      const reverse = (serial: string) =>
        store.unit((tx) => tx.reversePayment({ paymentSerial: serial, bankcode: 'BK01', txdate: '20261123', bankSerial: `X${serial}`, serial: { prefix: 'R', date: '20261123' } }), { durable: true });
      await reverse(p.payment.bossSerial);
      expect(await reverse(p.payment.bossSerial).catch((e: unknown) => e)).to.be.instanceOf(LedgerRuleError);
      expect(await reverse('B2026112399999999').catch((e: unknown) => e)).to.be.instanceOf(PaymentNotFoundError);
      const post = (input: Parameters<typeof payment>) => store.unit((tx) => tx.postPayment(payment(...input)), { durable: true }).catch((e: unknown) => e);
      const duplicate = await post(['C2', 5, { bankSerial: 'ONE' }]);
      expect(duplicate).to.be.instanceOf(DuplicatePaymentError);
      expect((duplicate as DuplicatePaymentError).message).to.contain('ONE');
      expect(await post(['NOBODY', 5])).to.be.instanceOf(UnknownCustomerError);
      expect(await post(['C1', 0])).to.be.instanceOf(LedgerRuleError);
      expect(await state()).to.deep.equal({ bills: ['202609:0', '202610:0', '202611:0'], arrears: 6750, balance: 0 });
    });

    it('keeps one active withholding agreement per customer and cancels it', async () => {
      const agreement = await store.unit(
        (tx) => tx.createAgreement({ custno: 'C1', bankcode: 'BK01', acctno: '6222', acctname: 'ONE', serial: { prefix: 'A', date: '20261123' } }),
        { durable: true },
      );
      expect(agreement).to.include({ agreementSerial: 'A2026112300000001', status: 'active', createdOn: '20261123' });
      const second = await store
        .unit((tx) => tx.createAgreement({ custno: 'C1', bankcode: 'BK01', acctno: '6333', acctname: 'ONE', serial: { prefix: 'A', date: '20261123' } }), { durable: true })
        .catch((e: unknown) => e);
      expect(second).to.be.instanceOf(LedgerRuleError);
      expect(await store.withholdingDue('BK01')).to.deep.equal([{ agreementSerial: 'A2026112300000001', custno: 'C1', acctno: '6222', acctname: 'ONE', arrears: 6750 }]);
      const cancelled = await store.unit((tx) => tx.cancelAgreement(agreement.agreementSerial, '20261124'), { durable: true });
      expect(cancelled).to.include({ status: 'cancelled', cancelledOn: '20261124' });
      expect(await store.withholdingDue('BK01')).to.deep.equal([]);
    });

    it('issues one invoice per payment and changes its status', async () => {
      const p = await store.unit((tx) => tx.postPayment(payment('C1', 3000)), { durable: true });
      const input = {
        paymentSerial: p.payment.bossSerial,
        bankcode: 'BK01',
        custno: 'C1',
        custname: 'ONE',
        amount: 3000,
        items: [{ item: 'BASIC', amount: 3000 }],
        serial: { prefix: 'I', date: '20261123' },
      };
      const invoice = await store.unit((tx) => tx.createInvoice(input), { durable: true });
      expect(invoice).to.deep.equal({ invoiceNo: 'I2026112300000001', paymentSerial: p.payment.bossSerial, bankcode: 'BK01', custno: 'C1', custname: 'ONE', amount: 3000, items: input.items, status: 'issued', voidReason: '' });
      expect(await store.unit((tx) => tx.createInvoice(input), { durable: true }).catch((e: unknown) => e)).to.be.instanceOf(LedgerRuleError);
      const badItems = { ...input, paymentSerial: (await store.unit((tx) => tx.postPayment(payment('C2', 10)), { durable: true })).payment.bossSerial, custno: 'C2', amount: 10 };
      expect(await store.unit((tx) => tx.createInvoice(badItems), { durable: true }).catch((e: unknown) => e)).to.be.instanceOf(LedgerRuleError);
      const voided = await store.unit((tx) => tx.setInvoiceStatus(invoice.invoiceNo, 'voided', 'TORN'), { durable: true });
      expect(voided).to.include({ status: 'voided', voidReason: 'TORN' });
      expect((await store.read((view) => view.invoiceForPayment(p.payment.bossSerial)))?.status).to.equal('voided');
    });
  });
});
