import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { memoryBossLogs, type MemoryBossLogs } from '../../../src/boss/log/memory-logs.ts';
import type { BossServerCounters } from '../../../src/boss/server/index.ts';
import { startInProcessBoss, type InProcessBoss } from './support/in-process-boss.ts';
import { Stranger, UNBOUND_ADDRESS } from './support/stranger.ts';

const vectors = JSON.parse(await readFile(new URL('../../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as { frames: { id: string; text: string }[] };
const vector = (id: string): string => vectors.frames.find((f) => f.id === id)!.text;
const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
/** The §8 query, valid in every respect but the peer's address. */
const QUERY = latin1(vector('query'));
/** "At once": well under every timer of the server (idle 60 s, frame 10 s). */
const AT_ONCE_MS = 1000;

/** The §8 query with another 14-character BANKSERIAL, and its §8 answer with the same. [§8] */
function query(serial: string): { frame: Uint8Array; answer: string } {
  return { frame: latin1(vector('query').replace('20261123000001', serial)), answer: vector('query-answer').replace('20261123000001', serial) };
}

describe('BOSS reliability: a peer off the allow-list gets nothing [bank-interface §1]', function () {
  this.timeout(30_000);
  let boss: InProcessBoss;
  let logs: MemoryBossLogs;
  let before: BossServerCounters;

  beforeEach(async () => {
    logs = memoryBossLogs({ level: 'info' });
    boss = await startInProcessBoss({ name: 'reliability-allow-list', logs, lingerMs: 300 });
    before = boss.server.counters;
  });

  afterEach(async () => {
    await boss.close();
  });

  /** Nothing of 127.0.0.2 got past the allow-list: not the service, not the transactions log, one refusal line per connection. */
  function expectUntouched(strangers: number): void {
    expect(boss.calls.handled.get(UNBOUND_ADDRESS), 'service.handle called for 127.0.0.2').to.equal(undefined);
    expect(boss.calls.frameErrors.get(UNBOUND_ADDRESS), 'service.frameError called for 127.0.0.2').to.equal(undefined);
    const counters = boss.server.counters;
    expect(counters.refusedPeers - before.refusedPeers, 'refusedPeers').to.equal(strangers);
    const fromStranger = (line: Record<string, unknown>): boolean => typeof line.peer === 'string' && line.peer.startsWith(`${UNBOUND_ADDRESS}:`);
    expect(logs.lines.transactions.filter(fromStranger), 'transactions.log lines of 127.0.0.2').to.deep.equal([]);
    const serviceLines = logs.lines.service.filter(fromStranger);
    expect(serviceLines.map((l) => l.event)).to.deep.equal(Array.from({ length: strangers }, () => 'peerRefused'));
  }

  it('sends a valid frame the moment it connects: zero bytes back, the connection closed at once', async () => {
    const stranger = await Stranger.open(boss.server.port, QUERY);
    expect(await stranger.closedWithin(AT_ONCE_MS), 'closed at once').to.equal(true);
    expect(stranger.received, `bytes answered to 127.0.0.2 (${stranger.written} written)`).to.equal(0);
    expect(boss.server.counters.framesIn - before.framesIn).to.equal(0);
    expectUntouched(1);
  });

  it('connects and keeps the connection open, sending nothing: closed at once, long before the idle timeout', async () => {
    const stranger = await Stranger.open(boss.server.port);
    expect(await stranger.closedWithin(AT_ONCE_MS), 'closed at once').to.equal(true);
    expect(stranger.received).to.equal(0);
    expectUntouched(1);
  });

  it('floods from 20 connections, reconnecting 10 times each: nothing back, nothing handled, while a bank at 127.0.0.1 is served throughout', async () => {
    const { port } = boss.server;
    let strangers = 0;
    const received: string[] = [];
    const flooder = async (n: number): Promise<void> => {
      for (let round = 0; round < 10; round++) {
        const stranger = await Stranger.open(port, QUERY);
        strangers++;
        await stranger.flood(QUERY, 2000);
        const closed = await stranger.closedWithin(AT_ONCE_MS);
        if (!closed || stranger.received > 0) received.push(`flooder ${n} round ${round}: ${stranger.received} bytes back, ${closed ? 'closed' : 'still open'} after ${stranger.written} bytes written`);
        stranger.destroy();
      }
    };
    const bank = async (n: number): Promise<string[]> => {
      const wrong: string[] = [];
      const connection = await BankConnection.open({ host: '127.0.0.1', port, profile: boss.profile, timeoutMs: 5000 });
      for (let i = 0; i < 50; i++) {
        const { frame, answer } = query(`2026112${n}A${String(i).padStart(5, '0')}`);
        await connection.write(frame);
        const body = await connection.nextFrame();
        const text = body && `${String(body.length).padStart(6, '0')}${Buffer.from(body).toString('latin1')}`;
        if (text !== answer) wrong.push(`query ${i} on bank connection ${n}: ${text ?? 'no answer'}, expected ${answer}`);
      }
      await connection.close();
      return wrong;
    };
    const [, ...banks] = await Promise.all([Promise.all(Array.from({ length: 20 }, (_, n) => flooder(n))), bank(1), bank(2), bank(3), bank(4)]);
    expect(received, 'strangers that got bytes or stayed connected').to.deep.equal([]);
    expect(banks.flat(), 'the bank at 127.0.0.1 during the flood').to.deep.equal([]);
    expect(boss.server.counters.framesIn - before.framesIn, 'frames taken: only the bank\'s').to.equal(200);
    expect(boss.calls.handled.get('127.0.0.1')).to.equal(200);
    expect(boss.server.counters.acceptedConnections - before.acceptedConnections, 'connections accepted: only the bank\'s').to.equal(4);
    expectUntouched(strangers);
  });
});
