import { expect } from 'chai';
import { decodeDailyFile, encodeDailyFile, type DailyFile } from '../../../src/boss/codec/daily-file.ts';
import { createRandom } from '../../../src/core/random.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { BankEmulator, DEFAULT_DEBIT_WEIGHTS } from '../../../simulators/bank/index.ts';
import { EXAMPLE_MS, exampleBank } from './support/fixtures.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';

/** A DK batch of `count` lines as the BOSS would write it. */
function batch(count: number, date = '20261123'): DailyFile {
  const details = Array.from({ length: count }, (_, i) => {
    const tail = String(20004 + 4 * i).padStart(5, '0');
    return { SEQ: String(i + 1), CUSTNO: `C000${tail}`, ACCTNO: `62220200000${tail}`, ACCTNAME: `ACCT${tail}`, AMOUNT: String(2250 + (i % 3) * 1000) };
  });
  const total = details.reduce((s, d) => s + Number(d.AMOUNT), 0);
  return { layout: 'DK', header: { TAG: 'H', DATE: date, COUNT: String(count), TOTAL: String(total) }, details };
}

describe('bank emulator: books and daily files [bank-interface §7]', () => {
  let boss: ScriptedBoss;
  beforeEach(async () => {
    boss = await ScriptedBoss.start();
  });
  afterEach(async () => {
    await boss.close();
  });

  it('XJMX lists the cash payments of the day the bank holds money for, lost ones included, deleted and refused ones not', async () => {
    const { bank, clock } = exampleBank(boss);
    const paid = await bank.pay('C00012345', 4500);
    await bank.send(paid.request); // a retry of the same payment: still one line
    clock.advance(60_000);
    await bank.pay('C99999999', 100); // refused 2001: no money taken
    const lost = await bank.losePayment('C00020001', 2250); // debited, never sent
    const cut = await bank.losePayment('C00020002', 3250, { delivered: true }); // sent, answer thrown away
    const deleted = await bank.pay('C00020003', 1000, '2');
    await bank.deletePayment({ origSerial: deleted.request.header.BANKSERIAL!, custno: 'C00020003', amount: 1000 });
    await bank.close();
    await boss.until(() => boss.requests.some((r) => r.message.header.BANKSERIAL === cut.request.header.BANKSERIAL));

    const xjmx = bank.encodeFile(bank.cashDetailFile());
    expect(xjmx.name).to.equal('XJMX20261123.TXT');
    const decoded = decodeDailyFile(bank.profile, 'XJMX', xjmx.bytes, { fileName: xjmx.name });
    expect(decoded.header).to.deep.equal({ TAG: 'H', DATE: '20261123', COUNT: '3', TOTAL: String(4500 + 2250 + 3250) });
    expect(decoded.details.map((d) => d.BANKSERIAL)).to.deep.equal([paid.request.header.BANKSERIAL, lost.request.header.BANKSERIAL, cut.request.header.BANKSERIAL]);
    expect(decoded.details[0]).to.deep.equal({ BANKSERIAL: '20261123000001', CUSTNO: 'C00012345', AMOUNT: '4500', TXTIME: '101500', TELLER: 'T01' });
    expect(decoded.details[1]!.TXTIME).to.equal('101600');
    // the BOSS never saw the lost one
    expect(boss.requests.map((r) => r.message.header.BANKSERIAL)).not.to.include(lost.request.header.BANKSERIAL);
    expect(Buffer.from(xjmx.bytes).toString('latin1').split('\r\n')[0]).to.equal('H|20261123|3|10000|');
  });

  it('2001 sends the books’ count and total for the date; another date is empty', async () => {
    const { bank } = exampleBank(boss);
    await bank.pay('C00012345', 4500);
    await bank.losePayment('C00020001', 2250);
    const today = await bank.cashTotal();
    expect(today.request.fields).to.deep.equal({ CHKDATE: '20261123', COUNT: '2', TOTAL: '6750' });
    const yesterday = await bank.cashTotal({ chkDate: '20261122' });
    expect(yesterday.request.fields).to.deep.equal({ CHKDATE: '20261122', COUNT: '0', TOTAL: '0' });
    expect(bank.encodeFile(bank.cashDetailFile('20261122')).bytes).to.deep.equal(Uint8Array.from(Buffer.from('H|20261122|0|0|\r\n')));
    await bank.close();
  });

  it('YH answers every DK line, debited ones with a fresh BANKSERIAL, in a seeded distribution; DKMX and 2002 follow', async () => {
    const { bank } = exampleBank(boss);
    const dk = batch(400);
    const dkBytes = encodeDailyFile(bank.profile, dk, { fileName: 'DK20261123.TXT' });
    const yh = bank.withholdingResultFile({ name: 'DK20261123.TXT', bytes: dkBytes });
    const named = bank.encodeFile(yh);
    expect(named.name).to.equal('YH20261123.TXT');
    const decoded = decodeDailyFile(bank.profile, 'YH', named.bytes, { fileName: named.name });
    expect(decoded.details).to.have.length(400);
    decoded.details.forEach((line, i) => {
      expect([line.SEQ, line.CUSTNO, line.ACCTNO, line.AMOUNT]).to.deep.equal([dk.details[i]!.SEQ, dk.details[i]!.CUSTNO, dk.details[i]!.ACCTNO, dk.details[i]!.AMOUNT]);
      expect(line.BANKSERIAL === '').to.equal(line.RESULT !== '0');
    });
    const byResult = (r: string) => decoded.details.filter((d) => d.RESULT === r).length;
    // 90/5/3/2 by default: every code occurs, the debited ones dominate
    expect(byResult('0')).to.be.within(330, 390);
    for (const r of ['1', '2', '3']) expect(byResult(r), `RESULT ${r}`).to.be.within(1, 40);
    const serials = decoded.details.filter((d) => d.RESULT === '0').map((d) => d.BANKSERIAL);
    expect(new Set(serials).size).to.equal(serials.length);

    const dkmx = decodeDailyFile(bank.profile, 'DKMX', bank.encodeFile(bank.withholdingDetailFile()).bytes, { fileName: 'DKMX20261123.TXT' });
    expect(dkmx.details.map((d) => d.BANKSERIAL)).to.deep.equal(serials);
    expect(dkmx.header.TOTAL).to.equal(decoded.header.SUCCESSTOTAL);
    const total = await bank.withholdingTotal();
    expect(total.request.fields).to.deep.equal({ CHKDATE: '20261123', COUNT: String(serials.length), TOTAL: decoded.header.SUCCESSTOTAL });
    // a later payment's serial does not collide with the debits'
    const pay = await bank.pay('C00012345', 4500);
    expect(serials).not.to.include(pay.request.header.BANKSERIAL);
    await bank.close();
  });

  it('the same seed gives the same YH; weights pick the results', () => {
    const make = (seed: number, weights = DEFAULT_DEBIT_WEIGHTS) =>
      new BankEmulator({ bankcode: 'ICBC01', port: 1, clock: new VirtualClock(EXAMPLE_MS), random: createRandom(seed) }).withholdingResultFile(batch(50), weights);
    expect(make(3)).to.deep.equal(make(3));
    expect(make(3)).not.to.deep.equal(make(4));
    const allClosed = make(3, { debited: 0, insufficientFunds: 0, accountClosed: 1, other: 0 });
    expect(new Set(allClosed.details.map((d) => d.RESULT))).to.deep.equal(new Set(['2']));
    expect(allClosed.header.SUCCESSTOTAL).to.equal('0');
  });

  it('refuses a DK file whose header does not match its lines (the codec’s check)', () => {
    const bank = new BankEmulator({ bankcode: 'ICBC01', port: 1 });
    const bad = encodeDailyFile(bank.profile, { ...batch(2), header: { ...batch(2).header, COUNT: '3' } }, { check: false });
    expect(() => bank.withholdingResultFile({ name: 'DK20261123.TXT', bytes: bad })).to.throw(/COUNT/);
  });
});
