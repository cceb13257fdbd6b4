import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { decodeRequestFrame } from '../../../src/boss/codec/frame-message.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode, type ReplayReport } from '../../../src/boss/replay/index.ts';
import { exampleFrame, latin1 } from '../capture/support/examples.ts';
import { changedAnswer, changedRequest, writeEntries, type Entry } from './support/capture-file.ts';
import { startScriptedBoss, type ScriptedAnswer, type ScriptedBoss } from './support/scripted-boss.ts';

const profile = defaultProfile();
const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');
const SERIAL_3 = '20261123000003';
const queryAgain = changedRequest(query, (m) => (m.header.BANKSERIAL = SERIAL_3));
/** The query after the payment: nothing owed any more. */
const paidAnswer = changedAnswer(queryAnswer, (m) => {
  m.header.BANKSERIAL = SERIAL_3;
  m.fields.ARREARS = '0';
  m.fields.BILLCOUNT = '0';
  m.groups.BILLS = [];
});
const TIMING = { answerTimeoutMs: 500, closeMarginMs: 200, closeTimeoutMs: 2000, settleMs: 20 };
const statuses = (report: ReplayReport) => report.exchanges.map((e) => `${e.connection}.${e.exchange} ${e.status}`);

/** A BOSS with a ledger of one fact: whether C00012345 has paid. The first answer is slow. */
function statefulBoss(): Promise<ScriptedBoss> {
  let paid = false;
  return startScriptedBoss((request, index): ScriptedAnswer => {
    const message = decodeRequestFrame(profile, request);
    const slow = (answer: Uint8Array): ScriptedAnswer => (index === 0 ? { after: 150, answer } : answer);
    if (message.txcode === '1002') {
      paid = true;
      return slow(paymentAnswer);
    }
    if (!paid) return slow(queryAnswer);
    return slow(changedAnswer(paidAnswer, (m) => (m.header.BANKSERIAL = message.header.BANKSERIAL ?? '')));
  });
}

describe('BOSS replay: one order across connections', () => {
  // A queries, B pays, A queries again: A's second answer depends on B's payment
  const INTERLEAVED: Entry[] = [
    [1, 'open'],
    [2, 'open'],
    [1, 'request', query],
    [1, 'response', queryAnswer],
    [2, 'request', payment],
    [2, 'response', paymentAnswer],
    [1, 'request', queryAgain],
    [1, 'response', paidAnswer],
    [1, 'close by bank'],
    [2, 'close by bank'],
  ];

  it('requests go out in capture order across connections, each after the answer before it', async () => {
    const file = await writeEntries(INTERLEAVED);
    const boss = await statefulBoss();
    try {
      const report = await replayCapture(await loadCapture(file, profile), { host: boss.host, port: boss.port, profile, ...TIMING });
      expect(statuses(report)).to.deep.equal(['1.1 match', '1.2 match', '2.1 match']);
      expect(replayExitCode(report)).to.equal(0);
      expect(boss.requests.map(latin1)).to.deep.equal([query, payment, queryAgain].map(latin1));
      // connections open where the capture opens them: both before the first request
      expect(boss.events).to.deep.equal(['connect 1', 'connect 2', 'request 0 on 1', 'request 1 on 2', 'request 2 on 1']);
    } finally {
      await boss.close();
    }
  });

  it('a connection the capture opens later is opened later', async () => {
    const file = await writeEntries([[1, 'open'], [1, 'request', query], [1, 'response', queryAnswer], [2, 'open'], [2, 'request', payment], [2, 'response', paymentAnswer], [2, 'close by bank'], [1, 'close by bank']]);
    const boss = await statefulBoss();
    try {
      await replayCapture(await loadCapture(file, profile), { host: boss.host, port: boss.port, profile, ...TIMING });
      expect(boss.events).to.deep.equal(['connect 1', 'request 0 on 1', 'connect 2', 'request 1 on 2']);
    } finally {
      await boss.close();
    }
  });
});
