import { expect } from 'chai';
import { openFixtureStore } from './helpers.ts';

describe('BOSS store: withholdingDue [bank-interface §7 DK]', () => {
  it('lists the active agreements of active customers only, like the batch side', async () => {
    const { store } = await openFixtureStore();
    try {
      await store.unit((tx) => {
        tx.saveCustomer({ custno: 'C3', name: 'THREE', address: 'ADDR 3', status: 'active' }, 'ifAbsent');
        tx.createAgreement({ custno: 'C1', bankcode: 'BK01', acctno: 'A1', acctname: 'ONE', serial: { prefix: 'A', date: '20261101' } });
        tx.createAgreement({ custno: 'C2', bankcode: 'BK01', acctno: 'A2', acctname: 'TWO', serial: { prefix: 'A', date: '20261101' } });
        tx.createAgreement({ custno: 'C3', bankcode: 'BK01', acctno: 'A3', acctname: 'THREE', serial: { prefix: 'A', date: '20261101' } });
        tx.saveCustomer({ custno: 'C2', name: 'TWO', address: 'ADDR 2', status: 'suspended' }, 'replace');
        tx.saveCustomer({ custno: 'C3', name: 'THREE', address: 'ADDR 3', status: 'closed' }, 'replace');
      }, { durable: true });
      const due = await store.withholdingDue('BK01');
      expect(due.map((d) => d.custno)).to.deep.equal(['C1']);
      expect(due[0]).to.include({ acctno: 'A1', arrears: 6750 });
    } finally {
      await store.close();
    }
  });
});
