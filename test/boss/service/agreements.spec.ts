import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

const { zhangSan, liSi, unknown } = DEMO.customers;

describe('BOSS service: withholding agreements [bank-interface §4 1003/1004, §6 2006/2007]', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  const active = (custno: string) => h.store.read((view) => view.activeAgreement(custno));

  it('1003 creates an agreement (serial A + TXDATE); the same account again is 0000 with the same serial', async () => {
    expect(await h.ask(body('1003', [zhangSan, '6222001', 'ZHANG SAN'], { bankSerial: 'AG1' }))).to.equal('1003|0000|OK|AG1|A2026112300000001|C00012345|');
    expect(await h.ask(body('1003', [zhangSan, '6222001', 'OTHER NAME'], { bankSerial: 'AG2' }))).to.equal('1003|0000|OK|AG2|A2026112300000001|C00012345|');
    expect(await active(zhangSan)).to.include({ bankcode: 'ICBC01', acctno: '6222001', acctname: 'ZHANG SAN', status: 'active' });
  });

  it('2006 for another account, or the same account number at another bank', async () => {
    await h.ask(body('1003', [zhangSan, '6222001', 'ZHANG SAN']));
    expect(await h.ask(body('1003', [zhangSan, '6222999', 'ZHANG SAN'], { bankSerial: 'AG3' }))).to.equal('1003|2006|withholding agreement exists with another account|AG3||');
    expect(await h.ask(body('1003', [zhangSan, '6222001', 'ZHANG SAN'], { bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^1003\|2006\|/);
  });

  it('2001 and 2002 for 1003; 2001 for 1004', async () => {
    expect(await h.ask(body('1003', [unknown, '1', 'X']))).to.match(/^1003\|2001\|/);
    expect(await h.ask(body('1003', [liSi, '1', 'X']))).to.match(/^1003\|2002\|/);
    expect(await h.ask(body('1004', [unknown, '1']))).to.match(/^1004\|2001\|/);
  });

  it('1004 cancels with the right bank and account; 2007 otherwise; a suspended customer may cancel', async () => {
    await h.ask(body('1003', [zhangSan, '6222001', 'ZHANG SAN']));
    expect(await h.ask(body('1004', [zhangSan, '6222999'], { bankSerial: 'C1' }))).to.equal('1004|2007|no withholding agreement for this account|C1||');
    expect(await h.ask(body('1004', [zhangSan, '6222001'], { bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^1004\|2007\|/);
    await h.store.unit((tx) => tx.saveCustomer({ custno: zhangSan, name: 'ZHANG SAN', address: 'NO 8 RENMIN RD', status: 'suspended' }, 'replace'), { durable: true });
    expect(await h.ask(body('1004', [zhangSan, '6222001'], { bankSerial: 'C2', txdate: '20261123' }))).to.equal('1004|0000|OK|C2|A2026112300000001|C00012345|');
    expect(await active(zhangSan)).to.equal(undefined);
    expect(await h.ask(body('1004', [zhangSan, '6222001']))).to.match(/^1004\|2007\|/);
  });

  it('the demo agreements are in the DK list until cancelled', async () => {
    const custno = 'C00020008';
    expect((await h.store.withholdingDue('ICBC01')).map((d) => d.custno)).to.include(custno);
    expect(await h.ask(body('1004', [custno, '6222020000020008']))).to.match(/^1004\|0000\|/);
    expect((await h.store.withholdingDue('ICBC01')).map((d) => d.custno)).to.not.include(custno);
  });
});
