import { expect } from 'chai';
import { concatBytes } from '../../../src/core/hex.ts';
import { decodeResponseFrame } from '../../../src/boss/codec/frame-message.ts';
import { FrameDecoder } from '../../../src/boss/codec/frame.ts';
import { decodeResponse } from '../../../src/boss/codec/message.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { ascii, closeHarnesses, eventually, pause, query, queryFrame, startHarness } from './support/harness.ts';
import { RawClient } from './support/raw-client.ts';

const profile = defaultProfile();

/** Every answer body in what a raw client received, decoded. */
function answers(client: RawClient) {
  return new FrameDecoder(profile.framing).push(client.received).map((body) => decodeResponse(profile, body));
}

describe('BOSS server: framing on the wire [bank-interface §1]', function () {
  this.timeout(10_000);
  afterEach(closeHarnesses);

  it('answers the §8 query through a bank connection', async () => {
    const { bank, service } = await startHarness();
    const connection = await bank();
    const { message } = await connection.request(query());
    expect(message.header).to.include({ RESPCODE: '0000', BANKSERIAL: '20261123000001' });
    expect(message.fields.CUSTNO).to.equal('C00012345');
    expect(service.handled).to.have.length(1);
    await connection.close();
  });

  it('joins a frame split over several TCP segments', async () => {
    const { server } = await startHarness();
    const client = await RawClient.open(server.port);
    const frame = queryFrame();
    for (const cut of [[0, 3], [3, 7], [7, 30], [30, frame.length]] as const) {
      await client.write(frame.subarray(...cut));
      await pause(20);
    }
    await eventually(() => answers(client).length === 1, 2000, 'one answer');
    expect(answers(client)[0]!.header.RESPCODE).to.equal('0000');
    client.destroy();
  });

  it('takes a frame dribbled one byte per write', async () => {
    const { server } = await startHarness();
    const client = await RawClient.open(server.port);
    client.socket.setNoDelay(true);
    for (const byte of queryFrame('DRIBBLE1')) {
      await client.write(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => answers(client).length === 1, 2000, 'one answer');
    expect(answers(client)[0]!.header.BANKSERIAL).to.equal('DRIBBLE1');
    client.destroy();
  });

  it('splits several frames merged into one segment and answers each, in order', async () => {
    const { server } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write(concatBytes(queryFrame('M1'), queryFrame('M2'), queryFrame('M3')));
    await eventually(() => answers(client).length === 3, 2000, 'three answers');
    expect(answers(client).map((m) => m.header.BANKSERIAL)).to.deep.equal(['M1', 'M2', 'M3']);
    client.destroy();
  });

  it('answers pipelined requests strictly one at a time, in order, even when the first is the slowest', async () => {
    const delays: Record<string, number> = { P1: 150, P2: 10, P3: 60, P4: 0 };
    const { server, service } = await startHarness({ service: { delayMs: (m) => delays[m.header.BANKSERIAL ?? ''] ?? 0 } });
    let maxInFlight = 0;
    const watch = setInterval(() => (maxInFlight = Math.max(maxInFlight, service.inFlight)), 1);
    const client = await RawClient.open(server.port);
    await client.write(concatBytes(...Object.keys(delays).map((serial) => queryFrame(serial))));
    await eventually(() => answers(client).length === 4, 3000, 'four answers');
    clearInterval(watch);
    expect(answers(client).map((m) => m.header.BANKSERIAL)).to.deep.equal(['P1', 'P2', 'P3', 'P4']);
    expect(maxInFlight, 'never two requests of one connection in the service at once').to.equal(1);
    client.destroy();
  });

  it('answers a burst of 500 pipelined requests, all in order, reading paused and resumed on the way', async () => {
    const { server, logs } = await startHarness({ service: { delayMs: (m) => (m.header.BANKSERIAL === 'S0' ? 50 : 0) }, logLevel: 'debug' });
    const client = await RawClient.open(server.port);
    const serials = Array.from({ length: 500 }, (_, i) => `S${i}`);
    for (let i = 0; i < serials.length; i += 50) await client.write(concatBytes(...serials.slice(i, i + 50).map((serial) => queryFrame(serial))));
    await eventually(() => answers(client).length === 500, 8000, '500 answers');
    expect(answers(client).map((m) => m.header.BANKSERIAL)).to.deep.equal(serials);
    const flow = logs.lines.service.filter((l) => l.event === 'readPaused' || l.event === 'readResumed').map((l) => l.event);
    expect(flow.slice(0, 2)).to.deep.equal(['readPaused', 'readResumed']);
    client.destroy();
  });

  it('answers 1004 with TXCODE 0000 and closes when the announced length is over the maximum', async () => {
    const { server, service, logs } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write('009999' + 'x'.repeat(100));
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    const answer = decodeResponseFrame(profile, client.received);
    expect(answer.txcode).to.equal('0000');
    expect(answer.header).to.deep.equal({ RESPCODE: '1004', RESPMSG: 'REFUSED', BANKSERIAL: '', BOSSSERIAL: '' });
    expect(service.handled, 'no body reaches handle').to.have.length(0);
    expect(service.frameErrors.map((e) => e.reason)).to.deep.equal(['tooLarge']);
    expect(logs.lines.service.find((l) => l.event === 'frameError')).to.include({ reason: 'tooLarge', bytes: '30 30 39 39 39 39' });
    expect(logs.lines.transactions.map((l) => [l.txcode, l.respCode, l.bankSerial])).to.deep.equal([['0000', '1004', '']]);
  });

  it('answers 1002 and closes on a length prefix that is not digits', async () => {
    const { server, service } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write('00A057' + '1001|');
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    expect(decodeResponseFrame(profile, client.received).header.RESPCODE).to.equal('1002');
    expect(service.frameErrors.map((e) => e.reason)).to.deep.equal(['badPrefix']);
  });

  it('answers the whole frames in front of a bad prefix first, then the framing error', async () => {
    const { server } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write(concatBytes(queryFrame('B1'), queryFrame('B2'), ascii('GARBAGE')));
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    expect(answers(client).map((m) => [m.header.BANKSERIAL, m.header.RESPCODE])).to.deep.equal([
      ['B1', '0000'],
      ['B2', '0000'],
      ['', '1002'],
    ]);
  });

  it('just closes, with nothing written, when the stream is cut mid-frame', async () => {
    const { server, service, logs } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write(queryFrame().subarray(0, 20));
    client.socket.end();
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    expect(client.received).to.have.length(0);
    expect(service.handled).to.have.length(0);
    expect(service.frameErrors, 'nobody to answer: frameError is not asked').to.have.length(0);
    await eventually(() => logs.lines.service.some((l) => l.event === 'closed'));
    expect(logs.lines.service.find((l) => l.event === 'truncated')).to.have.property('error').that.matches(/inside a frame/);
    expect(logs.lines.service.find((l) => l.event === 'closed')).to.include({ reason: 'peer closed mid-frame' });
  });

  it('still answers a request whose sender half-closes right after it', async () => {
    const { server } = await startHarness({ service: { delayMs: () => 50 } });
    const client = await RawClient.open(server.port);
    await client.write(queryFrame('HALF1'));
    client.socket.end();
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    expect(answers(client).map((m) => m.header.BANKSERIAL)).to.deep.equal(['HALF1']);
  });

  it('answers a body that does not decode with the service\'s code and keeps the connection', async () => {
    const { bank } = await startHarness();
    const connection = await bank();
    const first = await connection.exchangeBody(ascii('1001|ICBC01|'));
    expect(first.message.header.RESPCODE).to.equal('1002');
    const second = await connection.request(query('AFTER'));
    expect(second.message.header.RESPCODE).to.equal('0000');
    await connection.close();
  });
});
