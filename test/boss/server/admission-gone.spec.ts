import { expect } from 'chai';
import { Socket } from 'node:net';
import { memoryBossLogs } from '../../../src/boss/log/memory-logs.ts';
import { admit } from '../../../src/boss/server/admission.ts';
import { newCounters } from '../../../src/boss/server/counters.ts';
import type { BossService } from '../../../src/boss/service/types.ts';

describe('BOSS server: a connection gone before its accept ran [bank-interface §1]', () => {
  it('is destroyed and counted as gone, not as an allow-list refusal, and the allow-list is not asked', () => {
    const asked: string[] = [];
    const service = {
      allowsPeer: (address: string) => {
        asked.push(address);
        return false;
      },
    } as unknown as BossService;
    const logs = memoryBossLogs({ level: 'debug' });
    const counters = newCounters();
    // an unconnected socket has no remote address, as one the peer reset before the accept
    const socket = new Socket();
    const admitted = admit(socket, { service, logs, counters, maxConnections: 10, stopping: false });
    expect(admitted).to.equal(undefined);
    expect(socket.destroyed).to.equal(true);
    expect(asked).to.deep.equal([]);
    expect(counters).to.include({ refusedPeers: 0, goneBeforeAccept: 1 });
    expect(logs.lines.service.filter((l) => l.event === 'peerRefused')).to.have.length(0);
  });
});
