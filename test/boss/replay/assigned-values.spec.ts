import { expect } from 'chai';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { decodeRequestFrame, encodeResponseFrame } from '../../../src/boss/codec/frame-message.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode, type ReplayReport } from '../../../src/boss/replay/index.ts';
import { exampleFrame, latin1 } from '../capture/support/examples.ts';
import { answerFrame, changedAnswer, requestFrame, writeEntries } from './support/capture-file.ts';
import { startScriptedBoss, type ScriptedAnswer } from './support/scripted-boss.ts';

const profile = defaultProfile();
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer'); // BOSSSERIAL B2026112300000001
const CAPTURED_PAYMENT = 'B2026112300000001';
const CAPTURED_INVOICE = 'I2026112300000001';
const invoice = requestFrame('3001', '20261123000003', { PAYSERIAL: CAPTURED_PAYMENT });
const print = requestFrame('3002', '20261123000004', { INVOICENO: CAPTURED_INVOICE });
const invoiceFields = (no: string) => ({ INVOICENO: no, CUSTNO: 'C00012345', CUSTNAME: 'ZHANG SAN', AMOUNT: '4500', ITEMCOUNT: '1' });
const ITEMS = { ITEMS: [{ ITEM: 'BASIC', AMOUNT: '4500' }] };
const invoiceAnswer = (no: string) => answerFrame('3001', '20261123000003', '', invoiceFields(no), ITEMS);
const printAnswer = (no: string) => answerFrame('3002', '20261123000004', '', { INVOICENO: no });

/**
 * Another BOSS implementation: it numbers payments and invoices its own way, and knows only its own
 * numbers (2008 for any other).
 */
function anotherBoss(): (request: Uint8Array) => ScriptedAnswer {
  const notFound = (txcode: string, serial: string) =>
    encodeResponseFrame(profile, { txcode, header: { RESPCODE: '2008', RESPMSG: 'not found', BANKSERIAL: serial, BOSSSERIAL: '' }, fields: {}, groups: {} });
  return (request) => {
    const m = decodeRequestFrame(profile, request);
    const serial = m.header.BANKSERIAL ?? '';
    if (m.txcode === '1002') return changedAnswer(paymentAnswer, (a) => (a.header.BOSSSERIAL = 'X77'));
    if (m.txcode === '3001') return m.fields.PAYSERIAL === 'X77' ? invoiceAnswer('INV9') : notFound('3001', serial);
    return m.fields.INVOICENO === 'INV9' ? printAnswer('INV9') : notFound('3002', serial);
  };
}

async function replay(ignore: string[] = []): Promise<{ report: ReplayReport; sent: string[] }> {
  // the payment on one connection, the invoice for it on another
  const file = await writeEntries([
    [1, 'request', payment],
    [1, 'response', paymentAnswer],
    [2, 'request', invoice],
    [2, 'response', invoiceAnswer(CAPTURED_INVOICE)],
    [2, 'request', print],
    [2, 'response', printAnswer(CAPTURED_INVOICE)],
  ]);
  const boss = await startScriptedBoss(anotherBoss());
  try {
    const report = await replayCapture(await loadCapture(file, profile), { host: boss.host, port: boss.port, profile, ignore, answerTimeoutMs: 300, settleMs: 20 });
    return { report, sent: boss.requests.map(latin1) };
  } finally {
    await boss.close();
  }
}

describe('BOSS replay: values the BOSS assigns', () => {
  it('a later request carrying a captured BOSSSERIAL or INVOICENO is sent with the replayed one', async () => {
    const { report, sent } = await replay(['INVOICENO']);
    expect(report.exchanges.map((e) => e.status)).to.deep.equal(['match', 'match', 'match']);
    expect(replayExitCode(report)).to.equal(0);
    expect(sent[1]).to.contain('|X77|').and.not.contain(CAPTURED_PAYMENT);
    expect(sent[2]).to.contain('|INV9|');
    expect(report.exchanges[1]?.substitutions).to.deep.equal([{ field: 'PAYSERIAL', captured: CAPTURED_PAYMENT, replayed: 'X77', assignedIn: 'BOSSSERIAL answered in exchange 1.1' }]);
    expect(report.exchanges[1]?.note).to.equal(`PAYSERIAL sent as X77 for the captured ${CAPTURED_PAYMENT} (the BOSSSERIAL answered in exchange 1.1)`);
    expect(report.exchanges[2]?.substitutions?.[0]).to.include({ field: 'INVOICENO', replayed: 'INV9', assignedIn: 'INVOICENO answered in exchange 2.1' });
  });

  it('without --ignore INVOICENO the other invoice number is a difference, and still carried over', async () => {
    const { report } = await replay();
    expect(report.exchanges.map((e) => e.status)).to.deep.equal(['match', 'differ', 'differ']);
    expect(report.exchanges[1]?.differences).to.deep.equal([{ field: 'INVOICENO', expected: CAPTURED_INVOICE, actual: 'INV9' }]);
    expect(report.exchanges[2]?.differences).to.deep.equal([{ field: 'INVOICENO', expected: CAPTURED_INVOICE, actual: 'INV9' }]);
    expect(report.exchanges[2]?.ignored).to.deep.equal([]);
  });

  it('--ignore RESPMSG: the wording of another BOSS is not a difference', async () => {
    const query = exampleFrame('query');
    const file = await writeEntries([[1, 'request', query], [1, 'response', exampleFrame('query-answer')]]);
    const boss = await startScriptedBoss(() => changedAnswer(exampleFrame('query-answer'), (a) => (a.header.RESPMSG = 'SUCCESS')));
    try {
      const capture = await loadCapture(file, profile);
      const strict = await replayCapture(capture, { host: boss.host, port: boss.port, profile, answerTimeoutMs: 300, settleMs: 20 });
      expect(strict.exchanges[0]?.differences).to.deep.equal([{ field: 'RESPMSG', expected: 'OK', actual: 'SUCCESS' }]);
      const lenient = await replayCapture(capture, { host: boss.host, port: boss.port, profile, ignore: ['RESPMSG'], answerTimeoutMs: 300, settleMs: 20 });
      expect(lenient.exchanges[0]).to.include({ status: 'match' });
      expect(lenient.exchanges[0]?.ignored).to.deep.equal(['RESPMSG']);
    } finally {
      await boss.close();
    }
  });
});
