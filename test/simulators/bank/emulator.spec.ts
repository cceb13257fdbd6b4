import { expect } from 'chai';
import { BankConnectionError } from '../../../src/boss/client/bank-connection.ts';
import { decodeRequest } from '../../../src/boss/codec/message.ts';
import { concatBytes, toHex } from '../../../src/core/hex.ts';
import { InputError } from '../../../src/core/errors.ts';
import { BankEmulator, SerialGenerator, BankEmulatorError } from '../../../simulators/bank/index.ts';
import { EXAMPLES, exampleBank, text } from './support/fixtures.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';

describe('bank emulator: transactions [bank-interface §3, §4, §8]', () => {
  let boss: ScriptedBoss;
  beforeEach(async () => {
    boss = await ScriptedBoss.start();
  });
  afterEach(async () => {
    await boss.close();
  });

  it('sends the §8 query and payment byte for byte and returns the §8 answers with their raw frames', async () => {
    const { bank, clock } = exampleBank(boss);
    const query = await bank.queryArrears('C00012345');
    expect(toHex(query.requestFrame)).to.equal(EXAMPLES.query!.hex);
    expect(toHex(query.answerFrame)).to.equal(EXAMPLES['query-answer']!.hex);
    expect(query.answer.fields.ARREARS).to.equal('4500');
    expect(query.answer.groups.BILLS).to.have.length(2);
    expect([query.ok, query.respCode, query.bossSerial]).to.deep.equal([true, '0000', '']);
    clock.advance(12_000);
    const payment = await bank.pay('C00012345', 4500);
    expect(toHex(payment.requestFrame)).to.equal(EXAMPLES.payment!.hex);
    expect(toHex(payment.answerFrame)).to.equal(EXAMPLES['payment-answer']!.hex);
    expect(payment.bossSerial).to.equal('B2026112300000001');
    await bank.close();
    // one connection, strictly one request at a time, exactly these bytes [§1]
    expect(boss.connections).to.have.length(1);
    expect(toHex(boss.received(0))).to.equal(toHex(concatBytes(query.requestFrame, payment.requestFrame)));
  });

  it('lays out every §4 request as the spec lists its fields', async () => {
    const { bank } = exampleBank(boss, { teller: 'T9' });
    const results = [
      await bank.queryArrears('C00012345'),
      await bank.pay('C00012345', 100, '2'),
      await bank.agreeWithholding('C00020004', '6222020000020004', 'ACCT20004'),
      await bank.cancelWithholding('C00020004', '6222020000020004'),
      await bank.deletePayment({ origSerial: '20261123000002', custno: 'C00012345', amount: 100 }),
      await bank.makeUp({ origSerial: '20261122000009', origDate: '20261122', custno: 'C00012345', amount: 2250 }),
      await bank.cashTotal({ chkDate: '20261122', count: 3, total: 6750 }),
      await bank.withholdingTotal({ chkDate: '20261122', count: 0, total: 0 }),
      await bank.requestInvoice('B2026112300000001'),
      await bank.printInvoice('I2026112300000001'),
      await bank.voidInvoice('I2026112300000001', 'PRINTER JAM'),
    ];
    const header = (txcode: string, n: number) => `${txcode}|ICBC01|20261123${String(n).padStart(6, '0')}|20261123|101500|T9|`;
    const bodies = [
      `${header('1001', 1)}C00012345|`,
      `${header('1002', 2)}C00012345|100|2|`,
      `${header('1003', 3)}C00020004|6222020000020004|ACCT20004|`,
      `${header('1004', 4)}C00020004|6222020000020004|`,
      `${header('1005', 5)}20261123000002|C00012345|100|`,
      `${header('1006', 6)}20261122000009|20261122|C00012345|2250|`,
      `${header('2001', 7)}20261122|3|6750|`,
      `${header('2002', 8)}20261122|0|0|`,
      `${header('3001', 9)}B2026112300000001|`,
      `${header('3002', 10)}I2026112300000001|`,
      `${header('3003', 11)}I2026112300000001|PRINTER JAM|`,
    ];
    results.forEach((r, i) => {
      expect(text(r.requestFrame.subarray(6)), r.request.txcode).to.equal(bodies[i]);
      expect(text(r.requestFrame.subarray(0, 6))).to.equal(String(r.requestFrame.length - 6).padStart(6, '0'));
      expect(r.ok, r.request.txcode).to.equal(true);
      expect(r.answer.txcode).to.equal(r.request.txcode);
    });
    // what the peer decoded with the real codec is what was meant
    expect(boss.requests.map((r) => r.message.txcode)).to.deep.equal(['1001', '1002', '1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003']);
    expect(boss.requests[5]!.message.fields).to.deep.equal({ ORIGSERIAL: '20261122000009', ORIGDATE: '20261122', CUSTNO: 'C00012345', AMOUNT: '2250' });
    await bank.close();
  });

  it('returns refusals decoded (no transaction fields) and books them', async () => {
    const { bank } = exampleBank(boss);
    const refused = await bank.queryArrears('C99999999');
    expect([refused.ok, refused.respCode, refused.answer.fields]).to.deep.equal([false, '2001', {}]);
    expect(bank.books.entries.map((e) => e.outcome)).to.deep.equal(['answered']);
    await bank.close();
  });

  it('books an unanswered request, then carries on over a new connection', async () => {
    await boss.close();
    let hang = true;
    boss = await ScriptedBoss.start({ reply: (_r, plausible) => (hang ? 'hang' : plausible) });
    const { bank } = exampleBank(boss, { timeoutMs: 200 });
    const error = await bank.pay('C00012345', 4500).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(BankConnectionError);
    expect((error as BankConnectionError).reason).to.equal('timeout');
    hang = false;
    const next = await bank.queryArrears('C00012345');
    expect(next.ok).to.equal(true);
    expect(bank.books.entries.map((e) => e.outcome)).to.deep.equal(['unanswered', 'answered']);
    await boss.until(() => boss.connections.length === 2);
    await bank.close();
  });

  it('keeps concurrent calls one at a time on its connection [§1]', async () => {
    const { bank } = exampleBank(boss);
    const all = await Promise.all([bank.queryArrears('C00012345'), bank.queryArrears('C00020001'), bank.pay('C00020001', 2250)]);
    expect(all.map((t) => t.answer.header.BANKSERIAL)).to.deep.equal(all.map((t) => t.request.header.BANKSERIAL));
    expect(boss.connections).to.have.length(1);
    expect(boss.connections[0]!.bodies).to.have.length(3);
    // a pipelining emulator would also send three frames; only here would it show [§1]
    expect(boss.connections[0]!.maxInFlight, 'requests in flight at once on the connection').to.equal(1);
    await bank.close();
  });

  it('refuses a BANKCODE or TELLER the profile does not allow, naming it', () => {
    expect(() => new BankEmulator({ bankcode: 'ICBC-01', port: 1 })).to.throw(InputError, /bankcode/);
    expect(() => new BankEmulator({ bankcode: 'ICBC01', teller: 'TELLER12345', port: 1 })).to.throw(InputError, /teller/);
    expect(() => new BankEmulator({ bankcode: 'ICBC01', date: '20261131', port: 1 })).to.throw(InputError, /date/);
  });
});

describe('bank emulator: BANKSERIALs [bank-interface §3]', () => {
  it('are the date, the prefix and a 6-digit sequence per date: unique per (bank, date)', () => {
    const serials = new SerialGenerator();
    expect([serials.next('20261123'), serials.next('20261123'), serials.next('20261124'), serials.next('20261123')]).to.deep.equal([
      '20261123000001',
      '20261123000002',
      '20261124000001',
      '20261123000003',
    ]);
    const prefixed = new SerialGenerator('RUN7');
    expect(prefixed.next('20261123')).to.equal('20261123RUN7000001');
    const many = new Set(Array.from({ length: 2_000 }, () => prefixed.next('20261125')));
    expect(many.size).to.equal(2_000);
  });

  it('grow past 999999 without colliding, and stop at 20 characters', () => {
    const serials = new SerialGenerator('ABCDEF');
    (serials as unknown as { last: Map<string, number> }).last.set('20261123', 999_999);
    expect(() => serials.next('20261123')).to.throw(BankEmulatorError, /over 20/);
    const short = new SerialGenerator('A');
    (short as unknown as { last: Map<string, number> }).last.set('20261123', 999_999);
    expect(short.next('20261123')).to.equal('20261123A1000000');
    expect(() => new SerialGenerator('TOOLONG')).to.throw(InputError, /serialPrefix/);
  });

  it('follow the clock across midnight when no date is fixed (+08:00)', async () => {
    const boss = await ScriptedBoss.start();
    const { bank, clock } = exampleBank(boss);
    clock.advance(Date.UTC(2026, 10, 23, 15, 59, 59) - clock.now());
    const before = await bank.queryArrears('C00012345');
    clock.advance(1_000);
    const after = await bank.queryArrears('C00012345');
    expect([before.request.header.TXDATE, before.request.header.TXTIME, before.request.header.BANKSERIAL]).to.deep.equal(['20261123', '235959', '20261123000001']);
    expect([after.request.header.TXDATE, after.request.header.TXTIME, after.request.header.BANKSERIAL]).to.deep.equal(['20261124', '000000', '20261124000001']);
    expect(decodeRequest(bank.profile, after.requestFrame.subarray(6)).header.TXDATE).to.equal('20261124');
    await bank.close();
    await boss.close();
  });
});
