import { join } from 'node:path';
import { expect } from 'chai';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { loadCapture } from '../../../src/boss/capture/load.ts';
import { openCaptureFile } from '../../../src/boss/capture/jsonl-writer.ts';
import type { FrameTap } from '../../../src/boss/capture/types.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { replayCapture, replayExitCode } from '../../../src/boss/replay/index.ts';
import { seedDemo } from '../../../src/boss/seed.ts';
import { startBossServer } from '../../../src/boss/server/index.ts';
import { createBossService } from '../../../src/boss/service/index.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { exampleFrame, latin1 } from '../capture/support/examples.ts';

const profile = defaultProfile();

/** Our BOSS on a fresh seeded ledger, optionally recording through a tap. */
async function startRealBoss(dir: string, tap?: FrameTap) {
  const store = openSqliteStore(join(dir, 'boss.db'));
  await seedDemo(store);
  const service = createBossService({ store, profile });
  await service.ready;
  const server = await startBossServer({ service, profile, port: 0, ...(tap ? { tap } : {}) });
  return {
    port: server.port,
    async close() {
      await server.close();
      await service.close();
      await store.close();
    },
  };
}

/** What the server tap of our BOSS (a capture file) records while `drive` talks to it as one bank connection. */
async function recordOnRealBoss(drive: (bank: BankConnection) => Promise<void>) {
  const dir = await tempDir('replay-real');
  const file = join(dir, 'capture.jsonl');
  const tap = openCaptureFile(file);
  const recorded = await startRealBoss(dir, tap);
  try {
    await drive(await BankConnection.open({ host: '127.0.0.1', port: recorded.port, profile }));
  } finally {
    await recorded.close();
    await tap.close();
  }
  return loadCapture(file, profile);
}

describe('BOSS replay against our own BOSS', () => {
  it('the server tap records the §8 exchange byte for byte; replayed on a fresh ledger and on the same one, all match', async () => {
    const capture = await recordOnRealBoss(async (bank) => {
      await bank.write(exampleFrame('query'));
      expect(latin1((await bank.nextFrame()) ?? new Uint8Array())).to.equal(latin1(exampleFrame('query-answer')).slice(6));
      await bank.write(exampleFrame('payment'));
      expect(latin1((await bank.nextFrame()) ?? new Uint8Array())).to.equal(latin1(exampleFrame('payment-answer')).slice(6));
      await bank.close();
    });
    expect(capture.connections[0]?.items.map((i) => latin1(i.bytes))).to.deep.equal(['query', 'query-answer', 'payment', 'payment-answer'].map((id) => latin1(exampleFrame(id as 'query'))));

    const fresh = await startRealBoss(await tempDir('replay-real'));
    try {
      const first = await replayCapture(capture, { host: '127.0.0.1', port: fresh.port, profile, settleMs: 20 });
      expect(first.summary).to.include({ exchanges: 2, matched: 2 });
      // [bank-interface §5] the same requests again: the original answers, byte for byte
      const again = await replayCapture(capture, { host: '127.0.0.1', port: fresh.port, profile, settleMs: 20 });
      expect(replayExitCode(again)).to.equal(0);
    } finally {
      await fresh.close();
    }
  });

  it('garbage the bank sent is in the server tap\'s capture too: replayed raw, its 1002 answer compared, nothing skipped', async () => {
    const capture = await recordOnRealBoss(async (bank) => {
      await bank.write(exampleFrame('query'));
      await bank.nextFrame();
      await bank.write(Buffer.from('00A057GARBAGE', 'latin1'));
      await bank.nextFrame();
      await bank.waitClosed();
    });
    expect(capture.connections[0]?.items.map((i) => latin1(i.bytes))[2]).to.equal('00A057GARBAGE');

    const fresh = await startRealBoss(await tempDir('replay-real'));
    try {
      const report = await replayCapture(capture, { host: '127.0.0.1', port: fresh.port, profile, settleMs: 20 });
      expect(report.summary).to.include({ exchanges: 2, matched: 2, skipped: 0 });
      expect(replayExitCode(report)).to.equal(0);
    } finally {
      await fresh.close();
    }
  });
});
