import { expect } from 'chai';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { startBossServer } from '../../../src/boss/server/server.ts';
import { BossListenError } from '../../../src/boss/server/errors.ts';
import { closeHarnesses, eventually, pause, query, queryFrame, startHarness } from './support/harness.ts';
import { RawClient } from './support/raw-client.ts';
import { TestService } from './support/test-service.ts';

describe('BOSS server: graceful close', function () {
  this.timeout(10_000);
  afterEach(closeHarnesses);

  it('stops accepting, lets an in-flight request be answered, closes idle connections, then resolves', async () => {
    const { server, bank, service, logs } = await startHarness({ service: { delayMs: (m) => (m.header.BANKSERIAL === 'SLOW' ? 300 : 0) } });
    const busy = await bank();
    const idle = await bank();
    const answer = busy.request(query('SLOW'));
    await eventually(() => service.inFlight === 1);
    let resolved = false;
    const closing = server.close().then(() => (resolved = true));
    await idle.waitClosed(1000);
    expect(resolved, 'not before the in-flight answer').to.equal(false);
    await BankConnection.open({ host: '127.0.0.1', port: server.port, profile: defaultProfile(), timeoutMs: 500 }).then(
      () => expect.fail('a new connection was accepted while closing'),
      (error: Error) => expect(error.message).to.match(/ECONNREFUSED|cannot connect/),
    );
    expect((await answer).message.header).to.include({ RESPCODE: '0000', BANKSERIAL: 'SLOW' });
    await busy.waitClosed(1000);
    await closing;
    expect(server.counters.openConnections).to.equal(0);
    const events = logs.lines.service.map((l) => l.event);
    expect(events.slice(-1)).to.deep.equal(['stopped']);
    expect(events).to.include('stopping');
    expect(logs.lines.service.at(-1)).to.include({ answers: 1, framesIn: 1 });
  });

  it('answers requests already received whole, drops a partial frame, and ends', async () => {
    const { server } = await startHarness({ service: { delayMs: () => 50 } });
    const client = await RawClient.open(server.port);
    await client.write(Buffer.concat([queryFrame('W1'), queryFrame('W2'), queryFrame('W3').subarray(0, 12)]));
    await pause(20);
    await server.close();
    expect(client.text()).to.match(/\|W1\|.*\|W2\|/);
    expect(client.text()).not.to.contain('W3');
    expect(await client.closedWithin(1000)).to.equal(true);
  });

  it('cuts what is still open once closeTimeoutMs has passed', async () => {
    const { server, bank } = await startHarness({ server: { closeTimeoutMs: 150 }, service: { delayMs: () => 5000 } });
    const connection = await bank();
    void connection.request(query('FOREVER')).catch(() => undefined);
    await pause(30);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).to.be.within(100, 1500);
    await connection.waitClosed(1000);
  });

  it('close() twice is one close', async () => {
    const { server } = await startHarness();
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });

  it('reports a port in use as a BossListenError with the system code', async () => {
    const { server } = await startHarness();
    const error = await startBossServer({ service: new TestService(), profile: defaultProfile(), port: server.port }).then(
      () => expect.fail('listened twice on one port'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(BossListenError);
    expect((error as BossListenError).systemCode).to.equal('EADDRINUSE');
    expect((error as Error).message).to.contain(`127.0.0.1:${server.port}`);
  });

  it('refuses nonsense limits by name', async () => {
    const service = new TestService();
    for (const [options, message] of [
      [{ port: 70000 }, /^port: 70000 is not a whole number from 0 to 65535/],
      [{ port: 0, frameTimeoutMs: 0 }, /^frameTimeoutMs: 0 is not/],
      [{ port: 0, maxConnections: 0 }, /^maxConnections: 0 is not/],
    ] as const) {
      const error = await startBossServer({ service, profile: defaultProfile(), ...options }).then(
        () => expect.fail('started'),
        (e: unknown) => e as Error,
      );
      expect(error.message).to.match(message);
    }
  });
});
