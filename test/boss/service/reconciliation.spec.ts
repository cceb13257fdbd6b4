import { expect } from 'chai';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

const { zhangSan, zhaoLiu } = DEMO.customers;

describe('BOSS service: total reconciliation [bank-interface §4 2001/2002, §6 3001]', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
    await h.ask(body('1002', [zhangSan, '3000', '1'], { bankSerial: 'C1' }));
    await h.ask(body('1006', ['C2', '20261123', zhaoLiu, '700'], { bankSerial: 'M1', txdate: '20261124' }));
    await h.ask(body('1002', [zhaoLiu, '50', '1'], { bankSerial: 'C3' }));
    await h.ask(body('1005', ['C3', zhaoLiu, '50']));
    await h.store.unit(
      (tx) => tx.postPayment({ bankcode: 'ICBC01', txdate: '20261123', bankSerial: 'W1', custno: 'C00020004', amount: 3250, channel: 'withholding', acctno: '6222020000020004', txtime: '000000', serial: { prefix: 'W', date: '20261123' } }),
      { durable: true },
    );
  });
  afterEach(() => h.close());

  it('2001 counts realtime and make-up entries not reversed; RESULT 0 on a match, 1 otherwise', async () => {
    expect(await h.ask(body('2001', ['20261123', '2', '3701'], { bankSerial: 'R1' }))).to.equal('2001|0000|OK|R1||20261123|2|3700|1|');
    expect(await h.ask(body('2001', ['20261123', '2', '3700'], { bankSerial: 'R2' }))).to.equal('2001|0000|OK|R2||20261123|2|3700|0|');
    expect(await h.store.read((view) => view.isReconciled({ bankcode: 'ICBC01', date: '20261123', kind: 'cash' }))).to.equal(true);
    expect(await h.store.read((view) => view.isReconciled({ bankcode: 'ICBC01', date: '20261123', kind: 'withholding' }))).to.equal(false);
  });

  it('2002 counts withholding entries only', async () => {
    expect(await h.ask(body('2002', ['20261123', '1', '3250'], { bankSerial: 'R3' }))).to.equal('2002|0000|OK|R3||20261123|1|3250|0|');
    expect(await h.ask(body('2002', ['20261122', '0', '0'], { bankSerial: 'R4' }))).to.equal('2002|0000|OK|R4||20261122|0|0|0|');
    expect(await h.store.read((view) => view.isReconciled({ bankcode: 'ICBC01', date: '20261123', kind: 'cash' }))).to.equal(false);
  });

  it('3001 for a CHKDATE after the BOSS local date; today is allowed', async () => {
    expect(await h.ask(body('2001', ['20261124', '0', '0'], { bankSerial: 'F1' }))).to.equal('2001|3001|CHKDATE 20261124 is after 20261123|F1||');
    expect(await h.ask(body('2002', ['20270101', '0', '0']))).to.match(/^2002\|3001\|/);
  });

  it('takes the local date in the configured UTC offset: 23:30 UTC is already the next day at +08:00', async () => {
    h.clock.advance(Date.UTC(2026, 10, 23, 23, 30) - h.clock.now());
    expect(await h.ask(body('2001', ['20261124', '0', '0'], { txdate: '20261124' }))).to.match(/^2001\|0000\|/);
    expect(await h.ask(body('2001', ['20261125', '0', '0'], { txdate: '20261124' }))).to.match(/^2001\|3001\|/);
  });

  it('stays reconciled after a later mismatching request for the same date', async () => {
    await h.ask(body('2001', ['20261123', '2', '3700']));
    expect(await h.ask(body('2001', ['20261123', '5', '5']))).to.match(/\|1\|$/);
    expect(await h.ask(body('1005', ['C1', zhangSan, '3000']))).to.match(/^1005\|2005\|/);
  });
});
