import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode, type ReplayReport } from '../../../src/boss/replay/index.ts';
import { exampleFrame, latin1 } from '../capture/support/examples.ts';
import { writeEntries, type Entry } from './support/capture-file.ts';
import { FRAMING_ERROR_ANSWER, section8Answers, startScriptedBoss, type ScriptedAnswer, type ScriptedBoss } from './support/scripted-boss.ts';

const profile = defaultProfile();
const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');
const TIMING = { answerTimeoutMs: 300, closeMarginMs: 200, closeTimeoutMs: 2000, settleMs: 20 };
const statuses = (report: ReplayReport) => report.exchanges.map((e) => `${e.connection}.${e.exchange} ${e.status}`);

async function replay(entries: readonly Entry[], answer: (request: Uint8Array) => ScriptedAnswer = section8Answers([[query, queryAnswer], [payment, paymentAnswer]])): Promise<{ report: ReplayReport; boss: ScriptedBoss }> {
  const file = await writeEntries(entries);
  const boss = await startScriptedBoss(answer);
  try {
    return { report: await replayCapture(await loadCapture(file, profile), { host: boss.host, port: boss.port, profile, ...TIMING }), boss };
  } finally {
    await boss.close();
  }
}

describe('BOSS replay: answers and their requests', () => {
  it('an answer before any request (a capture begun on a live connection) is skipped with a note, not awaited', async () => {
    const { report, boss } = await replay([[1, 'response', queryAnswer], [1, 'request', payment], [1, 'response', paymentAnswer], [1, 'close by bank']]);
    expect(statuses(report)).to.deep.equal(['1.1 skipped', '1.2 match']);
    expect(report.exchanges[0]?.label).to.equal('(answer without its request)');
    expect(report.exchanges[0]?.note).to.match(/an answer whose request is not in the capture .*: nothing is sent for it; not judged/);
    expect(report.summary).to.include({ missingAnswers: 0, skipped: 1 });
    expect(replayExitCode(report)).to.equal(0);
    expect(boss.requests.map(latin1)).to.deep.equal([latin1(payment)]);
  });

  it('an answer echoing a BANKSERIAL no captured request has (its request lost) is skipped too', async () => {
    const { report } = await replay([[1, 'request', query], [1, 'response', queryAnswer], [1, 'response', paymentAnswer], [1, 'close by bank']]);
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 skipped']);
  });

  it('a bank that pipelined (two requests, then two answers) is paired by BANKSERIAL and replayed one request at a time', async () => {
    const { report, boss } = await replay([[1, 'request', query], [1, 'request', payment], [1, 'response', queryAnswer], [1, 'response', paymentAnswer], [1, 'close by bank']]);
    expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match']);
    expect(boss.events).to.deep.equal(['connect 1', 'request 0 on 1', 'request 1 on 1']);
  });

  describe('framing-error answers', () => {
    it('a server tap has the framing-error answer but not the garbage: skipped with a note, the exchange before it matches', async () => {
      const { report, boss } = await replay([[1, 'request', query], [1, 'response', queryAnswer], [1, 'response', FRAMING_ERROR_ANSWER]]);
      expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 skipped']);
      expect(report.exchanges[1]?.label).to.equal('(framing-error answer without its cause)');
      expect(report.exchanges[1]?.note).to.match(/the capture lacks the bytes that caused it/);
      expect(report.exchanges[1]?.expected).to.deep.equal([latin1(FRAMING_ERROR_ANSWER)]);
      expect(replayExitCode(report)).to.equal(0);
      expect(boss.requests).to.have.length(1);
    });

    it('with the garbage in the capture (a proxy, or a tap writing raw bytes) the same answer is replayed and compared', async () => {
      const garbage = new TextEncoder().encode('HELLO\r\n');
      const { report } = await replay([[1, 'request', query], [1, 'response', queryAnswer], [1, 'raw request', garbage], [1, 'response', FRAMING_ERROR_ANSWER], [1, 'close by boss']]);
      expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match']);
      expect(report.exchanges[1]?.label).to.equal('7 bytes that are not a frame');
    });
  });

  it('when one of two captured answers came, MISSING says so', async () => {
    const { report } = await replay([[1, 'request', query], [1, 'response', queryAnswer], [1, 'response', queryAnswer], [1, 'close by bank']]);
    expect(statuses(report)).to.deep.equal(['1.1 missing']);
    expect(report.exchanges[0]?.note).to.equal('1 of the 2 captured answers came, then no answer within 300 ms');
    expect(report.exchanges[0]?.actual).to.deep.equal([latin1(queryAnswer)]);
  });
});
