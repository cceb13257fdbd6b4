import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode, type ReplayOptions, type ReplayReport } from '../../../src/boss/replay/index.ts';
import { exampleFrame } from '../capture/support/examples.ts';
import { writeEntries, type Entry } from './support/capture-file.ts';
import { section8Answers, startScriptedBoss, type ScriptedBossOptions } from './support/scripted-boss.ts';

const profile = defaultProfile();
const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');
const answers = section8Answers([[query, queryAnswer], [payment, paymentAnswer]]);
const TIMING = { answerTimeoutMs: 300, closeMarginMs: 400, closeTimeoutMs: 2000, settleMs: 20 };
const statuses = (report: ReplayReport) => report.exchanges.map((e) => `${e.connection}.${e.exchange} ${e.status}`);

async function replay(entries: readonly Entry[], boss: ScriptedBossOptions = {}, options: Partial<ReplayOptions> = {}): Promise<ReplayReport> {
  const file = await writeEntries(entries);
  const target = await startScriptedBoss(answers, boss);
  try {
    return await replayCapture(await loadCapture(file, profile), { host: target.host, port: target.port, profile, ...TIMING, ...options });
  } finally {
    await target.close();
  }
}

describe('BOSS replay: closes', () => {
  describe('a close the capture does not show is not judged', () => {
    it('a server tap records no close: the last request without an answer is skipped, not "the BOSS closed"', async () => {
      // a server tap: no connection events; the capture stopped before the payment was answered
      const report = await replay([[1, 'request', query], [1, 'response', queryAnswer], [1, 'request', payment]]);
      expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 skipped']);
      expect(report.exchanges[1]?.note).to.match(/no answer in the capture and no close the BOSS made: not judged/);
      // its answer came, and is shown, but not counted
      expect(report.exchanges[1]?.extraAnswers).to.equal(0);
      expect(report.connections[0]?.notes).to.deep.equal(['the capture does not show this connection closing (a server tap writes no connection events): its close is not checked']);
      expect(replayExitCode(report)).to.equal(0);
    });

    it('a close line without "by": a note, no judgement', async () => {
      const report = await replay([[1, 'open'], [1, 'request', query], [1, 'response', queryAnswer], [1, 'close']]);
      expect(statuses(report)).to.deep.equal(['1.1 match']);
      expect(report.connections[0]?.notes).to.deep.equal(['the capture does not say which side closed this connection: its close is not checked']);
    });
  });

  describe('a BOSS close after its last answer is awaited as long as the capture shows it, plus the margin', () => {
    it('an idle close 0.6 s after the answer: awaited 1.0 s, matched, and said', async () => {
      const report = await replay([[1, 'open', 0], [1, 'request', query, 10], [1, 'response', queryAnswer, 20], [1, 'close by boss', 620]], { idleCloseMs: 600 });
      expect(statuses(report)).to.deep.equal(['1.1 match']);
      expect(report.connections[0]?.notes).to.deep.equal(['the capture shows the BOSS closing after answering (0.6 s later): waiting up to 1.0 s for that close']);
    });

    it('a BOSS that stays open longer than the capture shows differs', async () => {
      const report = await replay([[1, 'open', 0], [1, 'request', query, 10], [1, 'response', queryAnswer, 20], [1, 'close by boss', 120]], { idleCloseMs: 1500 });
      expect(statuses(report)).to.deep.equal(['1.1 differ']);
      expect(report.exchanges[0]?.differences).to.deep.equal([{ field: '(close)', expected: 'closed', actual: 'open' }]);
      expect(report.exchanges[0]?.note).to.match(/closing after answering \(0\.1 s later\); the connection stayed open 500 ms/);
    });

    it('a close later than --close-timeout allows is not checked, with a note', async () => {
      const started = Date.now();
      const report = await replay([[1, 'open', 0], [1, 'request', query, 10], [1, 'response', queryAnswer, 20], [1, 'close by boss', 60_020]], {}, { closeTimeoutMs: 1000 });
      expect(statuses(report)).to.deep.equal(['1.1 match']);
      expect(report.connections[0]?.notes).to.deep.equal(['the capture shows the BOSS closing after answering (60.0 s later): longer than --close-timeout 1000 ms allows, so the close is not checked']);
      expect(Date.now() - started).to.be.below(1000);
    });

    it('a BOSS closing without answering a cut frame (its §1 frame timeout): awaited as long as the capture shows, plus the margin', async () => {
      const half = query.subarray(0, 20);
      const report = await replay([[1, 'open', 0], [1, 'raw request', half, 10], [1, 'close by boss', 310]], { idleCloseMs: 250 });
      expect(statuses(report)).to.deep.equal(['1.1 match']);
      expect(report.exchanges[0]?.note).to.equal('no answer in the capture');
    });
  });
});
