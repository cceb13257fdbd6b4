import { expect } from 'chai';
import { systemClock } from '../../../src/core/clock.ts';
import { InputError } from '../../../src/core/errors.ts';
import { concatBytes, toHex } from '../../../src/core/hex.ts';
import { createRandom } from '../../../src/core/random.ts';
import { BANK_PERSONAS, bankPersona, type WireOutcome, type WirePersona, type WirePersonaOptions } from '../../../simulators/bank/index.ts';
import { exampleBank, text } from './support/fixtures.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';

function wire(name: string): WirePersona {
  const persona = bankPersona(name);
  if (persona.kind !== 'wire') throw new Error(`${name} is not a wire persona`);
  return persona;
}

describe('bank emulator: wire personas [bank-interface §1, §5]', () => {
  let boss: ScriptedBoss;
  beforeEach(async () => {
    boss = await ScriptedBoss.start();
  });
  afterEach(async () => {
    await boss.close();
  });

  const run = async (name: string, options: WirePersonaOptions = {}, extra: Parameters<typeof exampleBank>[1] = {}): Promise<WireOutcome> => {
    const { bank } = exampleBank(boss, extra);
    const outcome = await wire(name).run(bank, { waitMs: 1_000, ...options });
    await bank.close();
    return outcome;
  };

  it('every persona has a name, a summary and what a BOSS should do; unknown names are refused', () => {
    expect(Object.keys(BANK_PERSONAS)).to.deep.equal([
      'retransmit',
      'reused-serial',
      'slow-frame',
      'garbage',
      'oversized',
      'drop-mid-frame',
      'pipeline',
      'file-twice',
      'file-no-flag',
      'file-bad-total',
      'file-late-flag',
    ]);
    for (const persona of Object.values(BANK_PERSONAS)) expect(persona.summary.length * persona.expected.length, persona.name).to.be.greaterThan(0);
    expect(() => bankPersona('teapot')).to.throw(InputError, /persona.*known: retransmit/);
  });

  it('retransmit: the same frame twice on one connection; the answers compared byte for byte', async () => {
    const outcome = await run('retransmit');
    expect(outcome.written).to.have.length(2);
    expect(toHex(outcome.written[0]!)).to.equal(toHex(outcome.written[1]!));
    expect(text(outcome.written[0]!)).to.equal('0000641002|ICBC01|20261123000001|20261123|101500|T01|C00012345|4500|1|');
    expect(toHex(boss.received(0))).to.equal(toHex(concatBytes(outcome.written[0]!, outcome.written[0]!)));
    expect(outcome.findings).to.deep.include({ identical: true, firstRespCode: '0000', secondRespCode: '0000' });
    expect(outcome.answers).to.have.length(2);
  });

  it('reused-serial: the same key, AMOUNT one fen more; the second answer is 1005', async () => {
    const outcome = await run('reused-serial', { amount: 2250 });
    const [first, second] = outcome.written.map(text);
    expect(first).to.equal('0000641002|ICBC01|20261123000001|20261123|101500|T01|C00012345|2250|1|');
    expect(second).to.equal('0000641002|ICBC01|20261123000001|20261123|101500|T01|C00012345|2251|1|');
    expect(outcome.findings).to.deep.include({ bankSerial: '20261123000001', firstRespCode: '0000', secondRespCode: '1005' });
  });

  it('slow-frame: the frame in chunkSize pieces, delayMs apart; the peer gets them apart and answers once whole', async () => {
    const outcome = await run('slow-frame', { chunkSize: 10, delayMs: 15 }, { clock: systemClock });
    const frame = concatBytes(...outcome.written);
    expect(outcome.written.map((w) => w.length)).to.deep.equal([...Array(Math.floor(frame.length / 10)).fill(10), ...(frame.length % 10 ? [frame.length % 10] : [])]);
    expect(toHex(boss.received(0))).to.equal(toHex(frame));
    expect(boss.connections[0]!.chunks.length).to.equal(outcome.written.length);
    expect(outcome.findings.respCode).to.equal('0000');
    expect(outcome.findings.spentMs).to.be.at.least(15 * (outcome.written.length - 1) - 5);
  });

  it('slow-frame: the pauses run on the emulator’s clock (a virtual clock costs no time)', async () => {
    const outcome = await run('slow-frame', { chunkSize: 1, delayMs: 1_000 });
    const frame = concatBytes(...outcome.written);
    expect(outcome.written).to.have.length(frame.length);
    expect(outcome.findings.spentMs).to.equal((frame.length - 1) * 1_000);
    const refused = await wire('slow-frame').run(exampleBank(boss).bank, { chunkSize: 0 }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(InputError).with.property('field', 'chunkSize');
  });

  it('garbage: 6 letters where the length belongs, then seeded random bytes; 1002 with TXCODE 0000, then closed', async () => {
    const outcome = await run('garbage', { length: 20 });
    const sent = outcome.written[0]!;
    expect(sent).to.have.length(26);
    expect(text(sent.subarray(0, 6))).to.match(/^[A-Z]{6}$/);
    expect(toHex(boss.received(0))).to.equal(toHex(sent));
    expect(boss.connections[0]!.frameError?.reason).to.equal('badPrefix');
    expect(outcome.decoded[0]?.txcode).to.equal('0000');
    expect(outcome.decoded[0]?.header).to.deep.include({ RESPCODE: '1002', BANKSERIAL: '' });
    expect(outcome.peerClosed).to.equal(true);
    const again = await run('garbage', { length: 20 }, { random: createRandom(7) });
    expect(toHex(again.written[0]!)).to.equal(toHex(sent)); // same seed, same bytes
  });

  it('oversized: announces maxBody + 1 and sends that many bytes; 1004 with TXCODE 0000, then closed', async () => {
    const outcome = await run('oversized');
    expect(text(outcome.written[0]!.subarray(0, 6))).to.equal('008193');
    expect(outcome.written[0]).to.have.length(6 + 8193);
    expect(boss.connections[0]!.frameError?.reason).to.equal('tooLarge');
    expect(outcome.findings).to.deep.include({ announced: 8193, respCode: '1004', answerTxcode: '0000' });
    expect(outcome.peerClosed).to.equal(true);
    const refused = await wire('oversized').run(exampleBank(boss).bank, { announced: 8192 }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(InputError).with.property('field', 'announced');
  });

  it('drop-mid-frame: the peer sees exactly the first cutAt bytes of a payment, then FIN; nothing decoded', async () => {
    const outcome = await run('drop-mid-frame', { cutAt: 30 });
    expect(outcome.findings).to.deep.include({ frameLength: 70, sent: 30, close: 'FIN' });
    await boss.until(() => boss.connections[0]?.end !== 'open');
    expect(text(boss.received(0))).to.equal('0000641002|ICBC01|202611230000');
    expect(boss.connections[0]!.end).to.equal('fin');
    expect(boss.connections[0]!.frameError?.reason).to.equal('truncated');
    expect(boss.requests).to.have.length(0);
    expect(boss.connections[0]!.answers).to.have.length(0);
  });

  it('drop-mid-frame with reset: the peer sees half a frame, then RST', async () => {
    const outcome = await run('drop-mid-frame', { reset: true });
    expect(outcome.findings).to.deep.include({ sent: 35, close: 'RST' });
    await boss.until(() => boss.connections[0]?.end !== 'open');
    expect(boss.received(0)).to.have.length(35);
    expect(boss.connections[0]!.end).to.equal('reset');
    expect(boss.requests).to.have.length(0);
  });

  it('pipeline: two frames in one write; both answered in order and booked', async () => {
    const { bank } = exampleBank(boss);
    const outcome = await wire('pipeline').run(bank, { waitMs: 1_000 });
    await bank.close();
    expect(outcome.written).to.have.length(1);
    expect(text(outcome.written[0]!)).to.equal(
      '0000571001|ICBC01|20261123000001|20261123|101500|T01|C00012345|0000641002|ICBC01|20261123000002|20261123|101500|T01|C00012345|4500|1|',
    );
    expect(boss.connections[0]!.bodies).to.have.length(2);
    expect(outcome.findings).to.deep.include({ answered: 2, inOrder: true, firstRespCode: '0000', secondRespCode: '0000' });
    expect(bank.books.entries.map((e) => [e.request.txcode, e.outcome])).to.deep.equal([
      ['1001', 'answered'],
      ['1002', 'answered'],
    ]);
  });
});
