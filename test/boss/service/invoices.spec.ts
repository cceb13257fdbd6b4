import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

const { zhangSan } = DEMO.customers;

describe('BOSS service: invoices [bank-interface §4 3001–3003, §6 2008/2009]', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
    // B…01: 4500 BASIC + 500 PREPAID; B…02: 1000 all PREPAID
    await h.ask(body('1002', [zhangSan, '5000', '1'], { bankSerial: 'PAY1' }));
    await h.ask(body('1002', [zhangSan, '1000', '1'], { bankSerial: 'PAY2' }));
  });
  afterEach(() => h.close());

  it('3001 issues one invoice with the payment split by ITEM plus PREPAID, and answers it again', async () => {
    const first = await h.ask(body('3001', ['B2026112300000001'], { bankSerial: 'I1' }));
    expect(first).to.equal('3001|0000|OK|I1|I2026112300000001|I2026112300000001|C00012345|ZHANG SAN|5000|2|BASIC|4500|PREPAID|500|');
    expect(await h.ask(body('3001', ['B2026112300000001'], { bankSerial: 'I2', txdate: '20261124' }))).to.equal(first.replace('|I1|', '|I2|'));
    expect(await h.ask(body('3001', ['B2026112300000002'], { bankSerial: 'I3' }))).to.equal('3001|0000|OK|I3|I2026112300000002|I2026112300000002|C00012345|ZHANG SAN|1000|1|PREPAID|1000|');
  });

  it('2008 for an unknown payment or another bank\'s; 2009 for a reversed payment', async () => {
    expect(await h.ask(body('3001', ['B2026112399999999'], { bankSerial: 'N1' }))).to.equal('3001|2008|invoice or payment not found|N1||');
    expect(await h.ask(body('3001', ['B2026112300000001'], { bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^3001\|2008\|/);
    await h.ask(body('3001', ['B2026112300000002']));
    // [decision] a payment with a live invoice is not deleted: the invoice is voided first
    expect(await h.ask(body('1005', ['PAY2', zhangSan, '1000']))).to.match(/^1005\|2009\|/);
    expect(await h.ask(body('3003', ['I2026112300000001', 'DELETED']))).to.match(/^3003\|0000\|/);
    expect(await h.ask(body('1005', ['PAY2', zhangSan, '1000']))).to.match(/^1005\|0000\|/);
    expect(await h.ask(body('3001', ['B2026112300000002'], { bankSerial: 'N2' }))).to.equal('3001|2009|payment was reversed|N2||');
  });

  it('3002 prints an issued invoice once; 3003 voids it once; a voided invoice cannot be printed', async () => {
    await h.ask(body('3001', ['B2026112300000001']));
    const no = 'I2026112300000001';
    expect(await h.ask(body('3002', [no], { bankSerial: 'P1' }))).to.equal(`3002|0000|OK|P1|${no}|${no}|`);
    expect(await h.ask(body('3002', [no], { bankSerial: 'P2' }))).to.equal('3002|2009|invoice already printed|P2||');
    expect(await h.ask(body('3003', [no, 'PAPER JAM'], { bankSerial: 'V1' }))).to.equal(`3003|0000|OK|V1|${no}|${no}|`);
    expect((await h.store.read((view) => view.invoice(no)))?.voidReason).to.equal('PAPER JAM');
    expect(await h.ask(body('3003', [no, 'AGAIN'], { bankSerial: 'V2' }))).to.equal('3003|2009|invoice already voided|V2||');
    expect(await h.ask(body('3002', [no], { bankSerial: 'P3' }))).to.equal('3002|2009|invoice already voided|P3||');
    // asking for the payment's invoice again still answers the same INVOICENO [§4: at most one per payment]
    expect(await h.ask(body('3001', ['B2026112300000001']))).to.contain(`|${no}|${no}|`);
  });

  it('3003 voids an issued, never printed invoice; 2008 for unknown or another bank\'s invoice', async () => {
    await h.ask(body('3001', ['B2026112300000002']));
    expect(await h.ask(body('3003', ['I2026112300000001', ''], { bankSerial: 'V3' }))).to.equal('3003|0000|OK|V3|I2026112300000001|I2026112300000001|');
    expect(await h.ask(body('3002', ['I2026112300000009'], { bankSerial: 'U1' }))).to.equal('3002|2008|invoice or payment not found|U1||');
    expect(await h.ask(body('3003', ['I2026112300000009', 'X']))).to.match(/^3003\|2008\|/);
    expect(await h.ask(body('3002', ['I2026112300000001'], { bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^3002\|2008\|/);
  });
});
