import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { closeHarnesses, eventually, pause, query, queryFrame, startHarness } from './support/harness.ts';
import { RawClient } from './support/raw-client.ts';

describe('BOSS server: frame, idle and answer timers [bank-interface §1]', function () {
  this.timeout(10_000);
  afterEach(closeHarnesses);

  it('closes a connection whose frame is not complete within frameTimeoutMs of its first byte', async () => {
    const { server, logs, service } = await startHarness({ server: { frameTimeoutMs: 150, idleTimeoutMs: 5000 } });
    const client = await RawClient.open(server.port);
    await pause(300); // idle time before the frame does not count towards the frame timer
    expect(client.socket.destroyed).to.equal(false);
    const started = Date.now();
    await client.write(queryFrame().subarray(0, 10));
    await pause(60);
    await client.write(queryFrame().subarray(10, 20)); // more bytes do not restart the frame's timer
    expect(await client.closedWithin(2000)).to.equal(true);
    expect(Date.now() - started).to.be.within(130, 1000);
    expect(client.received).to.have.length(0);
    expect(service.handled).to.have.length(0);
    await eventually(() => logs.lines.service.some((l) => l.event === 'closed'));
    expect(logs.lines.service.find((l) => l.event === 'frameTimeout')).to.include({ level: 'warn', timeoutMs: 150, connection: 1 });
    expect(logs.lines.service.find((l) => l.event === 'closed')).to.include({ reason: 'frame timeout' });
    expect(server.counters.frameTimeouts).to.equal(1);
  });

  it('starts the frame timer again for a frame that begins in the segment that ended the previous one', async () => {
    const { server } = await startHarness({ server: { frameTimeoutMs: 200, idleTimeoutMs: 5000 } });
    const client = await RawClient.open(server.port);
    const frame = queryFrame('T1');
    await client.write(frame.subarray(0, 20));
    await pause(150);
    await client.write(Buffer.concat([frame.subarray(20), queryFrame('T2').subarray(0, 5)]));
    await pause(120); // 270 ms after the first frame began, 120 ms after the second did
    expect(client.socket.destroyed, 'still open').to.equal(false);
    expect(await client.closedWithin(1000)).to.equal(true);
  });

  it('closes a connection that starts no frame within idleTimeoutMs, and restarts the idle timer after each answer', async () => {
    const { server, bank, logs } = await startHarness({ server: { idleTimeoutMs: 200 } });
    const connection = await bank();
    for (const serial of ['I1', 'I2', 'I3']) {
      await pause(120);
      expect((await connection.request(query(serial))).message.header.RESPCODE).to.equal('0000');
    }
    const quiet = Date.now();
    await connection.waitClosed(2000);
    expect(Date.now() - quiet).to.be.within(150, 1000);
    await eventually(() => logs.lines.service.some((l) => l.event === 'closed'));
    expect(logs.lines.service.find((l) => l.event === 'idleTimeout')).to.include({ timeoutMs: 200 });
    expect(logs.lines.service.find((l) => l.event === 'closed')).to.include({ reason: 'idle timeout', frames: 3, answers: 3 });
    expect(server.counters.idleTimeouts).to.equal(1);
  });

  it('does not count a slow answer as idle time', async () => {
    const { bank } = await startHarness({ server: { idleTimeoutMs: 100 }, service: { delayMs: () => 250 } });
    const connection = await bank();
    expect((await connection.request(query())).message.header.RESPCODE).to.equal('0000');
    await connection.close();
  });

  it('hands the service receivedAt from the server clock and deadline = receivedAt + answerTimeoutMs', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15));
    const { bank, service } = await startHarness({ server: { clock, answerTimeoutMs: 1234 } });
    const connection = await bank();
    await connection.request(query('D1'));
    clock.advance(500);
    await connection.request(query('D2'));
    expect(service.handled.map((h) => h.context)).to.deep.equal([
      { peerAddress: '127.0.0.1', receivedAt: Date.UTC(2026, 10, 23, 2, 15), deadline: Date.UTC(2026, 10, 23, 2, 15) + 1234 },
      { peerAddress: '127.0.0.1', receivedAt: Date.UTC(2026, 10, 23, 2, 15) + 500, deadline: Date.UTC(2026, 10, 23, 2, 15) + 1734 },
    ]);
    await connection.close();
  });
});
