import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { closeHarnesses, eventually, pause, query, queryFrame, startHarness } from './support/harness.ts';
import { RawClient } from './support/raw-client.ts';

describe('BOSS server: frame tap and logs', function () {
  this.timeout(10_000);
  afterEach(closeHarnesses);

  it('hands the tap every frame in and out, whole, in the order it crossed, per connection', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15, 0, 250));
    const { bank, tap } = await startHarness({ server: { clock } });
    const a = await bank();
    const b = await bank();
    const a1 = await a.request(query('A1'));
    const b1 = await b.request(query('B1'));
    const a2 = await a.request(query('A2'));
    const frames = tap.frames.map((f) => [f.connection, f.direction, toHex(f.bytes)]);
    expect(frames).to.deep.equal([
      [1, 'request', toHex(queryFrame('A1'))],
      [1, 'response', toHex(a1.frame)],
      [2, 'request', toHex(queryFrame('B1'))],
      [2, 'response', toHex(b1.frame)],
      [1, 'request', toHex(queryFrame('A2'))],
      [1, 'response', toHex(a2.frame)],
    ]);
    expect(tap.frames[0]!.at).to.equal('2026-11-23T02:15:00.250Z');
    expect(tap.frames[0]!.peer).to.equal(a.localAddress);
    expect(tap.frames[2]!.peer).to.equal(b.localAddress);
    await Promise.all([a.close(), b.close()]);
  });

  it('taps a pipelined burst as it crossed: all requests, then the answers', async () => {
    const { server, tap } = await startHarness({ service: { delayMs: () => 20 } });
    const client = await RawClient.open(server.port);
    await client.write(Buffer.concat([queryFrame('Q1'), queryFrame('Q2')]));
    await eventually(() => tap.frames.length === 4);
    expect(tap.frames.map((f) => f.direction)).to.deep.equal(['request', 'request', 'response', 'response']);
    client.destroy();
  });

  it('hands the tap the bytes that were not a request: a bad length prefix and all after it, raw', async () => {
    const { server, tap } = await startHarness();
    const client = await RawClient.open(server.port);
    await client.write(Buffer.concat([queryFrame('G1'), Buffer.from('00A057GARBAGE', 'latin1')]));
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    const records = tap.records.map((r) => [r.kind, r.direction, r.kind === 'raw' ? Buffer.from(r.bytes).toString('latin1') : r.bytes.length]);
    expect(records).to.have.length(4);
    // in the order they crossed: the garbage came in before G1's answer went out
    expect(records[0]).to.deep.equal(['frame', 'request', queryFrame('G1').length]);
    expect(records[1]).to.deep.equal(['raw', 'request', '00A057GARBAGE']);
    expect(records.slice(2).map((r) => r.slice(0, 2))).to.deep.equal([
      ['frame', 'response'],
      ['frame', 'response'],
    ]);
  });

  it('hands the tap a frame cut short by the bank closing, raw, and answers nothing', async () => {
    const { server, tap } = await startHarness();
    const client = await RawClient.open(server.port);
    const cut = queryFrame('C1').subarray(0, 20);
    await client.write(cut);
    client.socket.end();
    await eventually(() => tap.records.length === 1);
    expect(tap.records.map((r) => [r.kind, r.direction, Buffer.from(r.bytes).toString('latin1')])).to.deep.equal([['raw', 'request', Buffer.from(cut).toString('latin1')]]);
    await client.ended;
    expect(client.received.length, 'nobody to answer').to.equal(0);
  });

  it('records a frame cut short by a frame timeout or by a reset, once each', async () => {
    const { server, tap } = await startHarness({ server: { frameTimeoutMs: 100 } });
    const timedOut = await RawClient.open(server.port);
    const first = queryFrame('T1');
    await timedOut.write(first.subarray(0, 12));
    expect(await timedOut.closedWithin(2000), 'closed by the frame timeout').to.equal(true);
    const reset = await RawClient.open(server.port);
    await reset.write(first.subarray(0, 9));
    await eventually(() => tap.records.length === 1);
    await pause(100); // the 9 bytes reach the server's decoder over loopback
    reset.socket.resetAndDestroy();
    await eventually(() => tap.records.length === 2);
    const latin = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    expect(tap.records.map((r) => [r.kind, r.connection, latin(r.bytes)])).to.deep.equal([
      ['raw', 1, latin(first.subarray(0, 12))],
      ['raw', 2, latin(first.subarray(0, 9))],
    ]);
  });

  it('writes one transactions line per answer with every field, and service lines for the connection', async () => {
    const { bank, logs } = await startHarness();
    const connection = await bank();
    const peer = connection.localAddress;
    await connection.request(query('TX1'));
    await connection.request({ ...query('TX2'), txcode: '1003', fields: { CUSTNO: 'C1', ACCTNO: '622202', ACCTNAME: 'ACCT' } });
    await connection.close();
    await eventually(() => logs.lines.service.some((l) => l.event === 'closed'));
    const lines = logs.lines.transactions;
    expect(lines).to.have.length(2);
    for (const line of lines) {
      expect(line).to.have.all.keys('time', 'level', 'event', 'connection', 'txcode', 'bankcode', 'bankSerial', 'bossSerial', 'respCode', 'replayed', 'peer', 'elapsedMs', 'serviceMs', 'sent');
    }
    expect(lines[0]).to.include({ event: 'answer', level: 'info', txcode: '1001', bankcode: 'ICBC01', bankSerial: 'TX1', bossSerial: null, respCode: '0000', replayed: false, peer, sent: true });
    expect(lines[1]).to.include({ txcode: '1003', respCode: '1001', bankSerial: 'TX2' });
    expect(lines[0]!.elapsedMs).to.be.a('number').and.at.least(0);
    expect(lines[0]!.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const events = logs.lines.service.map((l) => l.event);
    expect(events).to.deep.equal(['listening', 'connected', 'closed']);
    expect(logs.lines.service[1]).to.include({ connection: 1, peer, openConnections: 1 });
    expect(logs.lines.service[2]).to.include({ connection: 1, reason: 'peer closed', frames: 2, answers: 2 });
  });

  it('keeps serving when the tap throws, and says so once', async () => {
    const { bank, logs, tap } = await startHarness();
    tap.frame = () => {
      throw new Error('disk full');
    };
    const connection = await bank();
    await connection.request(query('X1'));
    await connection.request(query('X2'));
    expect(logs.lines.service.filter((l) => l.event === 'tapError')).to.have.length(1);
    await connection.close();
  });

  it('closes a connection whose service call rejects, rather than let a later answer pass for it', async () => {
    const { bank, logs } = await startHarness({ service: { rejectIf: (m) => m.header.BANKSERIAL === 'BAD' } });
    const connection = await bank();
    await connection.write(Buffer.concat([queryFrame('BAD'), queryFrame('NEXT')]));
    expect(await connection.nextFrame(2000)).to.equal(undefined);
    expect(logs.lines.service.find((l) => l.event === 'serviceError')).to.include({ error: 'test service rejects on purpose' });
  });
});
