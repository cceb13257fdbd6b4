import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { readJsonlCapture } from '../../../src/boss/capture/jsonl-capture.ts';
import { readCaptureRecords } from '../../../src/boss/capture/jsonl-reader.ts';
import { openCaptureFile } from '../../../src/boss/capture/jsonl-writer.ts';
import { startCaptureProxy } from '../../../src/boss/capture/proxy.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { startBossCapture } from '../../../bin/commands/boss-capture.ts';
import { captureIo } from '../../../bin/io.ts';
import { InputError } from '../../../src/core/errors.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { FRAMING_ERROR_ANSWER, section8Answers, startScriptedBoss } from '../replay/support/scripted-boss.ts';
import { exampleFrame, latin1 } from './support/examples.ts';

const profile = defaultProfile();
const query = exampleFrame('query');
const queryAnswer = exampleFrame('query-answer');
const payment = exampleFrame('payment');
const paymentAnswer = exampleFrame('payment-answer');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BOSS capture: recording proxy', () => {
  it('forwards bytes unchanged and records every frame each way, garbage as not-a-frame, and who closed', async () => {
    const boss = await startScriptedBoss(section8Answers([[query, queryAnswer], [payment, paymentAnswer]]));
    const file = join(await tempDir('proxy'), 'capture.jsonl');
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15));
    const writer = openCaptureFile(file, { clock });
    const proxy = await startCaptureProxy({ listen: { host: '127.0.0.1', port: 0 }, target: { host: boss.host, port: boss.port }, writer, profile, clock });
    try {
      const bank = await BankConnection.open({ host: proxy.host, port: proxy.port, profile, timeoutMs: 2000 });
      // the query in three writes, the prefix itself cut
      for (const [from, to] of [[0, 3], [3, 30], [30, query.length]] as const) {
        await bank.write(query.subarray(from, to));
        await pause(5);
      }
      expect(latin1((await bank.nextFrame()) ?? new Uint8Array())).to.equal(latin1(queryAnswer).slice(6));
      await bank.write(payment);
      expect(latin1((await bank.nextFrame()) ?? new Uint8Array())).to.equal(latin1(paymentAnswer).slice(6));
      await bank.close();

      const rude = await BankConnection.open({ host: proxy.host, port: proxy.port, profile, timeoutMs: 2000 });
      await rude.write(new TextEncoder().encode('HELLO\r\n'));
      expect(latin1((await rude.nextFrame()) ?? new Uint8Array())).to.equal(latin1(FRAMING_ERROR_ANSWER).slice(6));
      await rude.waitClosed();
      await pause(20);
    } finally {
      await proxy.close();
      await writer.close();
      await boss.close();
    }
    expect(boss.requests.map(latin1)).to.deep.equal([latin1(query), latin1(payment)]);
    expect(proxy.connections).to.equal(2);

    const set = await readJsonlCapture(file, profile);
    expect(set.connections.map((c) => c.items.map((i) => [i.direction, i.isFrame, latin1(i.bytes)]))).to.deep.equal([
      [
        ['request', true, latin1(query)],
        ['response', true, latin1(queryAnswer)],
        ['request', true, latin1(payment)],
        ['response', true, latin1(paymentAnswer)],
      ],
      [
        ['request', false, 'HELLO\r\n'],
        ['response', true, latin1(FRAMING_ERROR_ANSWER)],
      ],
    ]);
    expect(set.connections.map((c) => c.closedBy)).to.deep.equal(['bank', 'boss']);
    expect(set.connections[0]?.peer).to.match(/^127\.0\.0\.1:\d+$/);
    const kinds: string[] = [];
    for await (const { record } of readCaptureRecords(file)) kinds.push(record.kind === 'frame' || record.kind === 'raw' ? `${record.kind} ${record.direction}` : record.kind);
    expect(kinds).to.deep.equal(['start', 'open', 'frame request', 'frame response', 'frame request', 'frame response', 'close', 'open', 'raw request', 'frame response', 'close']);
  });

  it('a frame cut by the bank closing is recorded as not a frame', async () => {
    const boss = await startScriptedBoss(() => 'silence');
    const file = join(await tempDir('proxy'), 'capture.jsonl');
    const writer = openCaptureFile(file);
    const proxy = await startCaptureProxy({ listen: { host: '127.0.0.1', port: 0 }, target: { host: boss.host, port: boss.port }, writer, profile });
    try {
      const bank = await BankConnection.open({ host: proxy.host, port: proxy.port, profile, timeoutMs: 2000 });
      await bank.write(query.subarray(0, 20));
      await bank.close();
      await pause(20);
    } finally {
      await proxy.close();
      await writer.close();
      await boss.close();
    }
    const set = await readJsonlCapture(file, profile);
    expect(set.connections[0]?.items.map((i) => [i.isFrame, latin1(i.bytes)])).to.deep.equal([[false, latin1(query.subarray(0, 20))]]);
  });

  it('stbpay boss capture: --listen takes [HOST:]PORT; a port in use is bad input', async () => {
    const boss = await startScriptedBoss(section8Answers([[query, queryAnswer]]));
    const dir = await tempDir('proxy');
    const io = captureIo();
    const running = await startBossCapture({ listen: '0', target: `${boss.host}:${boss.port}`, out: join(dir, 'c.jsonl') }, io);
    try {
      expect(io.stdout).to.match(/^capturing 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ into .*c\.jsonl \(profile boss-bank\/1\)/);
      const clash = startBossCapture({ listen: `127.0.0.1:${running.proxy.port}`, target: `${boss.host}:${boss.port}`, out: join(dir, 'd.jsonl') }, captureIo());
      const error = await clash.catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InputError);
      expect((error as InputError).field).to.equal('--listen');
      const bad = await startBossCapture({ listen: '1', target: 'nowhere', out: join(dir, 'e.jsonl') }, captureIo()).catch((e: unknown) => e);
      expect((bad as InputError).field).to.equal('--target');
    } finally {
      await running.stop();
      await boss.close();
    }
  });
});
