import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode, type ReplayReport } from '../../../src/boss/replay/index.ts';
import { CAPTURES_DIR, exampleFrame } from '../capture/support/examples.ts';
import { changedAnswer, writeCapture, type ScriptedConnection } from './support/capture-file.ts';
import { FRAMING_ERROR_ANSWER, section8Answers, startScriptedBoss, type ScriptedAnswer } from './support/scripted-boss.ts';

const profile = defaultProfile();
const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');
const SECTION_8: ScriptedConnection = {
  steps: [
    ['request', query],
    ['response', queryAnswer],
    ['request', payment],
    ['response', paymentAnswer],
  ],
  closedBy: 'bank',
};
const TIMING = { answerTimeoutMs: 300, closeMarginMs: 300, closeTimeoutMs: 2000, settleMs: 30 };

async function replayAgainst(connections: readonly ScriptedConnection[], answer: (request: Uint8Array, index: number) => ScriptedAnswer): Promise<ReplayReport> {
  const file = await writeCapture(connections);
  const boss = await startScriptedBoss(answer);
  try {
    return await replayCapture(await loadCapture(file, profile), { host: boss.host, port: boss.port, profile, ...TIMING });
  } finally {
    await boss.close();
  }
}

const statuses = (report: ReplayReport) => report.exchanges.map((e) => `${e.connection}.${e.exchange} ${e.status}`);

describe('BOSS replay', () => {
  it('identical answers: every exchange matches, exit 0', async () => {
    const report = await replayAgainst([SECTION_8], section8Answers([[query, queryAnswer], [payment, paymentAnswer]]));
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match']);
    expect(report.exchanges.map((e) => e.label)).to.deep.equal(['1001 ICBC01/20261123000001', '1002 ICBC01/20261123000002']);
    expect(report.summary).to.deep.equal({ connections: 1, exchanges: 2, matched: 2, differed: 0, missingAnswers: 0, extraAnswers: 0, skipped: 0 });
    expect(replayExitCode(report)).to.equal(0);
  });

  it('a changed BOSSSERIAL only still matches: it is volatile', async () => {
    const other = changedAnswer(paymentAnswer, (m) => (m.header.BOSSSERIAL = 'B2026112300000099'));
    const report = await replayAgainst([SECTION_8], section8Answers([[query, queryAnswer], [payment, other]]));
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match']);
    expect(report.exchanges[1]?.ignored).to.deep.equal(['BOSSSERIAL']);
    expect(replayExitCode(report)).to.equal(0);
  });

  it('a changed RESPCODE differs, naming the field (and the fields that went with it)', async () => {
    const refused = changedAnswer(paymentAnswer, (m) => {
      m.header.RESPCODE = '2003';
      m.header.RESPMSG = 'amount invalid';
      m.header.BOSSSERIAL = '';
      m.fields = {};
    });
    const report = await replayAgainst([SECTION_8], section8Answers([[query, queryAnswer], [payment, refused]]));
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 differ']);
    expect(report.exchanges[1]?.differences).to.deep.equal([
      { field: 'RESPCODE', expected: '0000', actual: '2003' },
      { field: 'RESPMSG', expected: 'OK', actual: 'amount invalid' },
      { field: 'CUSTNO', expected: 'C00012345' },
      { field: 'AMOUNT', expected: '4500' },
      { field: 'BALANCE', expected: '0' },
    ]);
    expect(replayExitCode(report)).to.equal(1);
  });

  it('a changed AMOUNT differs, by name in the body and by path in a group', async () => {
    const payment4600 = changedAnswer(paymentAnswer, (m) => (m.fields.AMOUNT = '4600'));
    const bills = changedAnswer(queryAnswer, (m) => {
      const second = m.groups.BILLS?.[1];
      if (second) second.AMOUNT = '2300';
    });
    const report = await replayAgainst([SECTION_8], section8Answers([[query, bills], [payment, payment4600]]));
    expect(report.exchanges.map((e) => e.differences)).to.deep.equal([[{ field: 'BILLS[1].AMOUNT', expected: '2250', actual: '2300' }], [{ field: 'AMOUNT', expected: '4500', actual: '4600' }]]);
    expect(report.summary.differed).to.equal(2);
  });

  it('a missing answer: the BOSS closes, or stays silent', async () => {
    const closes = await replayAgainst([SECTION_8], (request) => (request.length === payment.length ? 'close' : queryAnswer));
    expect(statuses(closes)).to.deep.equal(['1.1 match', '1.2 missing']);
    expect(closes.exchanges[1]?.note).to.match(/closed the connection instead of answering/);
    expect(closes.summary.missingAnswers).to.equal(1);
    expect(replayExitCode(closes)).to.equal(1);
    const silent = await replayAgainst([SECTION_8], (request) => (request.length === payment.length ? 'silence' : queryAnswer));
    expect(silent.exchanges[1]?.note).to.match(/no answer within 300 ms/);
  });

  it('an extra answer the capture does not have differs', async () => {
    const report = await replayAgainst([SECTION_8], (request) => (request.length === query.length ? [queryAnswer, queryAnswer] : paymentAnswer));
    expect(statuses(report)).to.deep.equal(['1.1 differ', '1.2 match']);
    expect(report.exchanges[0]?.extraAnswers).to.equal(1);
    expect(report.summary.extraAnswers).to.equal(1);
    expect(replayExitCode(report)).to.equal(1);
  });

  it('a captured close without an answer is expected as a close', async () => {
    const closedUnanswered: ScriptedConnection = { steps: [['request', query]], closedBy: 'boss' };
    const closes = await replayAgainst([closedUnanswered], () => 'close');
    expect(statuses(closes)).to.deep.equal(['1.1 match']);
    const answers = await replayAgainst([closedUnanswered], () => queryAnswer);
    expect(statuses(answers)).to.deep.equal(['1.1 differ']);
    expect(answers.exchanges[0]?.note).to.match(/capture shows the BOSS closing without answering; it sent this instead/);
    const stays = await replayAgainst([closedUnanswered], () => 'silence');
    expect(stays.exchanges[0]?.differences).to.deep.equal([{ field: '(close)', expected: 'closed', actual: 'open' }]);
  });

  it('garbage is sent raw and its framing-error answer and close compared', async () => {
    const garbage: ScriptedConnection = { steps: [['raw request', new TextEncoder().encode('HELLO\r\n')], ['response', FRAMING_ERROR_ANSWER]], closedBy: 'boss' };
    const report = await replayAgainst([garbage], () => 'silence');
    expect(statuses(report)).to.deep.equal(['1.1 match']);
    expect(report.exchanges[0]?.label).to.equal('7 bytes that are not a frame');
  });

  it('connections one after another in the capture: results in capture order', async () => {
    const answers = section8Answers([[query, queryAnswer], [payment, paymentAnswer]]);
    const report = await replayAgainst([SECTION_8, SECTION_8, SECTION_8], answers);
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match', '2.1 match', '2.2 match', '3.1 match', '3.2 match']);
    expect(report.connections.map((c) => c.index)).to.deep.equal([1, 2, 3]);
  });

  it('a target nobody listens on: every exchange missing, with the reason', async () => {
    const file = await writeCapture([SECTION_8]);
    const boss = await startScriptedBoss(() => 'silence');
    const port = boss.port;
    await boss.close();
    const report = await replayCapture(await loadCapture(file, profile), { host: '127.0.0.1', port, profile, ...TIMING });
    expect(statuses(report)).to.deep.equal(['1.1 missing', '1.2 missing']);
    expect(report.exchanges[0]?.note).to.match(/cannot connect/);
  });

  it('replays a real pcap and pcapng capture: the §8 frames against a §8 BOSS match', async () => {
    const boss = await startScriptedBoss(section8Answers([[query, queryAnswer], [payment, paymentAnswer]]));
    try {
      for (const name of ['lo-tcpdump.pcap', 'lo-ipv6-tshark.pcapng', 'any-sll2-tcpdump.pcap']) {
        const capture = await loadCapture(fileURLToPath(new URL(name, CAPTURES_DIR)), profile, { bossPort: 19100 });
        const report = await replayCapture(capture, { host: boss.host, port: boss.port, profile, ...TIMING });
        expect(statuses(report), name).to.deep.equal(['1.1 match', '1.2 match', '2.1 match']);
      }
    } finally {
      await boss.close();
    }
  });
});
