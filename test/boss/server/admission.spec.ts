import { expect } from 'chai';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { closeHarnesses, eventually, pause, query, queryFrame, startHarness } from './support/harness.ts';
import { RawClient } from './support/raw-client.ts';

describe('BOSS server: allow-list and connection limit [bank-interface §1]', function () {
  this.timeout(20_000);
  afterEach(closeHarnesses);

  it('disconnects a peer off the allow-list at once, without writing a byte and without reading its request', async () => {
    const { server, service, logs } = await startHarness({ service: { allowed: ['127.0.0.1'] } });
    const client = await RawClient.open(server.port, { localAddress: '127.0.0.2' });
    await client.write(queryFrame()).catch(() => undefined); // the server may already be gone
    expect(await client.closedWithin(2000), 'closed').to.equal(true);
    expect(client.received).to.have.length(0);
    expect(service.peersAsked).to.deep.equal(['127.0.0.2']);
    expect(service.handled, 'handle never called').to.have.length(0);
    expect(service.frameErrors).to.have.length(0);
    const refusals = logs.lines.service.filter((l) => l.event === 'peerRefused');
    expect(refusals).to.have.length(1);
    expect(refusals[0]!.peer).to.match(/^127\.0\.0\.2:\d+$/);
    expect(logs.lines.service.some((l) => l.event === 'connected'), 'not counted as a connection').to.equal(false);
    expect(server.counters).to.include({ refusedPeers: 1, acceptedConnections: 0, openConnections: 0 });
  });

  it('lets a peer on the allow-list in, asking with its IPv4 address', async () => {
    const { server, bank, service } = await startHarness({ service: { allowed: ['127.0.0.2'] } });
    const refused = await bank();
    await refused.waitClosed(2000);
    const allowed = await RawClient.open(server.port, { localAddress: '127.0.0.2' });
    await allowed.write(queryFrame('ALLOWED'));
    await eventually(() => allowed.received.length > 0, 2000, 'an answer');
    expect(allowed.text()).to.contain('|0000|OK|ALLOWED|');
    expect(service.peersAsked).to.deep.equal(['127.0.0.1', '127.0.0.2']);
    allowed.destroy();
  });

  it('closes connections beyond maxConnections at once and logs them; a freed place is taken again', async () => {
    const { server, bank, logs } = await startHarness({ server: { maxConnections: 2 } });
    const first = await bank();
    const second = await bank();
    await eventually(() => server.counters.openConnections === 2);
    const third = await RawClient.open(server.port);
    expect(await third.closedWithin(2000), 'third closed').to.equal(true);
    expect(third.received).to.have.length(0);
    expect(logs.lines.service.filter((l) => l.event === 'overLimit')).to.have.length(1);
    expect(logs.lines.service.find((l) => l.event === 'overLimit')).to.include({ openConnections: 2, maxConnections: 2 });
    expect((await first.request(query('L1'))).message.header.RESPCODE).to.equal('0000');
    await second.close();
    await eventually(() => server.counters.openConnections === 1);
    const fourth = await bank();
    expect((await fourth.request(query('L4'))).message.header.RESPCODE).to.equal('0000');
    expect(server.counters).to.include({ overLimit: 1, acceptedConnections: 3 });
    await Promise.all([first.close(), fourth.close()]);
  });

  it('serves 200 concurrent connections, each with its own requests', async () => {
    const { server } = await startHarness();
    const connections = await Promise.all(
      Array.from({ length: 200 }, () => BankConnection.open({ host: '127.0.0.1', port: server.port, profile: defaultProfile(), timeoutMs: 10_000 })),
    );
    await eventually(() => server.counters.openConnections === 200, 5000, '200 open');
    const results = await Promise.all(
      connections.map(async (connection, i) => {
        const serials = [`C${i}A`, `C${i}B`];
        const got: string[] = [];
        for (const serial of serials) got.push((await connection.request(query(serial))).message.header.BANKSERIAL ?? '');
        return got.join(',') === serials.join(',');
      }),
    );
    expect(results.every(Boolean)).to.equal(true);
    expect(server.counters).to.include({ framesIn: 400, answers: 400, acceptedConnections: 200 });
    await Promise.all(connections.map((c) => c.close()));
    await eventually(() => server.counters.openConnections === 0);
  });

  it('survives peers that reset mid-request and mid-answer', async () => {
    const { server, service, logs } = await startHarness({ service: { delayMs: () => 100 } });
    for (let i = 0; i < 5; i++) {
      const client = await RawClient.open(server.port);
      await client.write(queryFrame(`R${i}`));
      if (i % 2 === 0) await pause(20);
      client.socket.resetAndDestroy();
    }
    await eventually(() => service.inFlight === 0 && server.counters.openConnections === 0, 3000, 'all gone');
    await pause(50);
    const unsent = logs.lines.transactions.filter((l) => l.sent === false);
    expect(unsent.length, 'answers to vanished peers are logged as not sent').to.be.greaterThan(0);
    const { message } = await (await BankConnection.open({ host: '127.0.0.1', port: server.port, profile: defaultProfile() })).request(query('ALIVE'));
    expect(message.header.RESPCODE).to.equal('0000');
  });
});
