import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { parseMix, runLoad, type LoadReport } from '../../../simulators/bank/index.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';

const DATE = '20261123';

describe('load generator [bank-interface §1, §5]', function () {
  this.timeout(20_000);
  let boss: ScriptedBoss;
  afterEach(async () => {
    await boss.close();
  });

  it('N connections, each one request at a time; counts, codes, latency percentiles and the committed keys', async () => {
    boss = await ScriptedBoss.start({ delayMs: (r) => (r.txcode === '1002' ? 40 : 0) });
    const report = await runLoad({ port: boss.port, connections: 4, requests: 200, mix: { '1001': 3, '1002': 1 }, seed: 11, date: DATE });
    expect([report.attempts, report.sent, report.answered, report.errors.total]).to.deep.equal([200, 200, 200, 0]);
    expect(report.respCodes).to.deep.equal({ '0000': 200 });
    const [q, p] = [report.byTxcode['1001']!, report.byTxcode['1002']!];
    expect(q.sent + p.sent).to.equal(200);
    expect(p.sent).to.be.within(30, 70);
    // every connection waited for each answer [§1]
    expect(boss.connections).to.have.length(4);
    for (const c of boss.connections) expect(c.maxInFlight, `connection ${c.id}`).to.equal(1);
    // latencies: the slow 1002s show at the top, the fast 1001s below
    expect(p.latency.p50Ms).to.be.at.least(40);
    expect(q.latency.p50Ms).to.be.below(40);
    const l = report.latency;
    expect(l.count).to.equal(200);
    expect(l.minMs <= l.p50Ms && l.p50Ms <= l.p90Ms && l.p90Ms <= l.p99Ms && l.p99Ms <= l.maxMs).to.equal(true);
    expect(l.p99Ms).to.be.at.least(40);
    expect(report.histogram.reduce((n, b) => n + b.count, 0)).to.equal(200);
    expect(report.throughputPerSecond).to.be.greaterThan(0);
    // the committed list is exactly the 1002s, each as the peer answered it
    expect(report.committed.map((c) => c.txcode)).to.deep.equal(Array(p.sent).fill('1002'));
    const peerAnswers = new Map(boss.requests.map((r) => [r.message.header.BANKSERIAL, r.answer.header.BOSSSERIAL]));
    for (const c of report.committed) {
      expect(peerAnswers.get(c.bankSerial), c.bankSerial).to.equal(c.bossSerial);
      expect([c.bankcode, c.txDate]).to.deep.equal(['ICBC01', DATE]);
      expect(c.fields.CUSTNO).to.match(/^C000(2[0-9]{4})$/);
    }
    // BANKSERIALs unique over all connections
    const serials = boss.requests.map((r) => r.message.header.BANKSERIAL);
    expect(new Set(serials).size).to.equal(200);
    expect(serials[0]).to.match(new RegExp(`^${DATE}${report.serialPrefix}\\d{6}$`));
  });

  it('the same seed asks the same TXCODEs whatever the timing', async () => {
    boss = await ScriptedBoss.start({ delayMs: () => Math.floor(Math.random() * 3) });
    const counts = (r: LoadReport) => Object.fromEntries(Object.entries(r.byTxcode).map(([t, s]) => [t, s.sent]));
    const mix = { '1001': 5, '1002': 3, '3001': 1, '2001': 1 };
    const a = await runLoad({ port: boss.port, connections: 3, requests: 120, mix, seed: 5, date: DATE, serialPrefix: 'A' });
    const b = await runLoad({ port: boss.port, connections: 3, requests: 120, mix, seed: 5, date: DATE, serialPrefix: 'B' });
    expect(counts(a)).to.deep.equal(counts(b));
    expect(a.respCodes['0000']).to.equal(120);
  });

  it('every TXCODE of §4 can be in the mix; deletes and invoices refer to the connection’s own payments', async () => {
    boss = await ScriptedBoss.start();
    const mix = Object.fromEntries(['1001', '1002', '1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003'].map((t) => [t, t === '1002' ? 5 : 1]));
    const report = await runLoad({ port: boss.port, connections: 2, requests: 300, mix, seed: 2, date: DATE });
    expect(Object.keys(report.byTxcode)).to.have.length(11);
    expect(report.answered).to.equal(300);
    const paid = new Set(boss.requests.filter((r) => r.message.txcode === '1002').map((r) => r.message.header.BANKSERIAL));
    const deletes = boss.requests.filter((r) => r.message.txcode === '1005');
    expect(deletes.some((d) => paid.has(d.message.fields.ORIGSERIAL))).to.equal(true);
    for (const r of boss.requests.filter((x) => x.message.txcode === '2001')) expect(r.message.fields.CHKDATE).to.equal('20261122');
    // the committed list holds what the profile marks durable (1003 since it must survive a power loss), and not 1001
    expect(report.committed.some((c) => c.txcode === '1003')).to.equal(defaultProfile().transactions['1003']?.durable);
    expect(report.committed.some((c) => c.txcode === '1006')).to.equal(true);
    expect(report.committed.some((c) => c.txcode === '1001')).to.equal(false);
  });

  it('runs for durationMs when no request count is given', async () => {
    boss = await ScriptedBoss.start({ delayMs: () => 5 });
    const started = Date.now();
    const report = await runLoad({ port: boss.port, connections: 2, durationMs: 300, seed: 1, date: DATE });
    expect(Date.now() - started).to.be.within(290, 2_000);
    expect(report.answered).to.be.greaterThan(10);
    expect(report.elapsedMs).to.be.at.least(300);
  });

  it('survives the BOSS vanishing: what got 0000 is listed, the cut request is unanswered, the rest are connect errors', async () => {
    boss = await ScriptedBoss.start({ vanishOnRequest: 40 });
    const report = await runLoad({ port: boss.port, connections: 4, requests: 100, mix: { '1002': 1 }, seed: 3, date: DATE, reconnectDelayMs: 5, timeoutMs: 2_000 });
    expect(report.attempts).to.equal(100);
    expect(report.errors.byKind.connect).to.be.greaterThan(0);
    const answeredByPeer = new Set(boss.requests.map((r) => r.message.header.BANKSERIAL));
    expect(answeredByPeer.size).to.equal(39);
    // every committed one was answered 0000 by the peer; at most one answer per connection lost in the cut
    for (const c of report.committed) expect(answeredByPeer.has(c.bankSerial), c.bankSerial).to.equal(true);
    expect(report.committed.length).to.be.within(39 - 4, 39);
    expect(report.unanswered.length).to.be.within(1, 4);
    expect(report.unanswered.every((u) => !answeredByPeer.has(u.bankSerial) || !report.committed.some((c) => c.bankSerial === u.bankSerial))).to.equal(true);
    expect(report.sent).to.equal(report.committed.length + report.unanswered.length);
    expect(report.attempts).to.equal(report.sent + report.errors.byKind.connect!);
  });

  it('survives a BOSS that closes some connections without answering: reconnects and counts them', async () => {
    let n = 0;
    boss = await ScriptedBoss.start({ reply: (_r, plausible) => (++n % 10 === 0 ? 'close' : plausible) });
    const report = await runLoad({ port: boss.port, connections: 2, requests: 100, seed: 4, date: DATE, mix: { '1002': 1 } });
    expect(report.errors.byKind.closed).to.equal(10);
    expect(report.unanswered).to.have.length(10);
    expect(report.answered).to.equal(90);
    expect(report.connects).to.equal(11); // the 100th request's close needs no reconnect
    expect(report.committed).to.have.length(90);
  });

  it('refuses bad options, naming them', async () => {
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('accepted'),
        (e: unknown) => e as InputError,
      );
    expect(await refusal(runLoad({ port: 1, connections: 0, requests: 1 }))).to.be.instanceOf(InputError).with.property('field', 'connections');
    expect(await refusal(runLoad({ port: 1, connections: 1 }))).to.have.property('field', 'requests/durationMs');
    expect((await refusal(runLoad({ port: 1, connections: 1, requests: 1, mix: { '9999': 1 } }))).message).to.match(/mix: "9999" is not a TXCODE/);
    expect(await refusal(runLoad({ port: 1, connections: 1, requests: 1, customers: [] }))).to.have.property('field', 'customers');
    expect(parseMix('1001=8, 1002=2')).to.deep.equal({ '1001': 8, '1002': 2 });
    expect(() => parseMix('1001=x')).to.throw(InputError, /--mix: "1001=x"/);
    boss = await ScriptedBoss.start();
  });
});
