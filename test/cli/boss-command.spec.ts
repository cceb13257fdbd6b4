import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { serveConfig, startBossServe } from '../../bin/commands/boss-serve.ts';
import { BankConnection } from '../../src/boss/client/bank-connection.ts';
import { encodeRequestFrame } from '../../src/boss/codec/frame-message.ts';
import { decodeResponse, type BossMessage } from '../../src/boss/codec/message.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { RunningCli } from './running-cli.ts';
import { stbpay } from './run.ts';

const profile = defaultProfile();
const vectors = JSON.parse(await readFile(new URL('../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as {
  frames: { id: string; text: string; decoded: BossMessage }[];
};
const vector = (id: string) => vectors.frames.find((f) => f.id === id)!;

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('stbpay boss', function () {
  this.timeout(30_000);

  describe('bad input exits 2 naming the option, before anything listens', () => {
    let dir: string;
    before(async () => {
      dir = await tempDir('boss-cli');
      await writeFile(join(dir, 'typo.json'), JSON.stringify({ prot: 9100 }));
      await writeFile(join(dir, 'bad-timeout.json'), JSON.stringify({ frameTimeoutMs: -5 }));
      await writeFile(join(dir, 'bad-profile.json'), JSON.stringify({ profile: 'x' }));
    });

    const cases: [() => string[], RegExp][] = [
      [() => ['boss', 'seed'], /required option '--db <file>'/],
      [() => ['boss', 'serve', '--port', '70000'], /--port: "70000" is not a whole number from 0 to 65535/],
      [() => ['boss', 'serve', '--port', 'abc'], /--port: "abc" is not a whole number/],
      [() => ['boss', 'serve', '--config', join(dir, 'missing.json')], /--config: cannot read .*missing\.json/],
      [() => ['boss', 'serve', '--config', join(dir, 'typo.json')], /prot: unknown key in .*typo\.json/],
      [() => ['boss', 'serve', '--config', join(dir, 'bad-timeout.json')], /frameTimeoutMs: -5 in .*bad-timeout\.json is not a whole number from 1/],
      [() => ['boss', 'serve', '--profile', join(dir, 'typo.json'), '--port', '0', '--log-dir', join(dir, 'logs'), '--db', join(dir, 'p.db')], /--profile: .*typo\.json/],
      [() => ['boss', 'serve', '--db', join(dir, 'no', 'such', 'dir', 'x.db'), '--port', '0', '--log-dir', join(dir, 'logs')], /--db: cannot open the ledger .*x\.db/],
      [() => ['boss', 'serve', '--host', '192.0.2.1', '--port', '0', '--db', join(dir, 'h.db'), '--log-dir', join(dir, 'logs')], /--host: 192\.0\.2\.1 is not an address of this machine/],
    ];
    for (const [args, message] of cases) {
      it(`${message}`, async () => {
        const run = await stbpay(...args());
        expect(run.code, run.err).to.equal(2);
        expect(run.err).to.match(message);
      });
    }

    it('a port in use', async () => {
      const taken = createServer();
      const port = await new Promise<number>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, () => resolve((taken.address() as AddressInfo).port)));
      try {
        const run = await stbpay('boss', 'serve', '--port', String(port), '--db', join(dir, 'busy.db'), '--log-dir', join(dir, 'logs'));
        expect(run.code, run.err).to.equal(2);
        expect(run.err).to.contain(`--port: port ${port} on 127.0.0.1 is in use`);
      } finally {
        taken.close();
      }
    });
  });

  it('the command line overrides the config file, key by key', async () => {
    const dir = await tempDir('boss-cli');
    const file = join(dir, 'boss.json');
    await writeFile(file, JSON.stringify({ port: 9200, db: 'from-config.db', maxConnections: 7 }));
    const config = serveConfig({ config: file, port: 0, logDir: 'cli-logs' });
    expect(config).to.include({ port: 0, db: join(dir, 'from-config.db'), logDir: 'cli-logs', maxConnections: 7, host: '127.0.0.1' });
  });

  it('seed then serve: the §8 examples answered byte for byte, logs and capture written, graceful stop', async () => {
    const dir = await tempDir('boss-cli');
    const db = join(dir, 'boss.db');
    const seeded = await stbpay('boss', 'seed', '--db', db);
    expect(seeded.code, seeded.err).to.equal(0);
    expect(seeded.out).to.match(/boss\.db: seeded \(banks 3, customers 204, bills \d+, agreements 50\)/);

    const io = captureIo();
    const running = await startBossServe(serveConfig({ db, port: 0, logDir: join(dir, 'logs'), capture: join(dir, 'capture.jsonl') }), io);
    expect(io.stdout).to.match(new RegExp(`listening on 127\\.0\\.0\\.1:${running.server.port}\\n`));
    const bank = await BankConnection.open({ host: '127.0.0.1', port: running.server.port, profile });
    const queryAnswer = await bank.request(vector('query').decoded);
    expect(Buffer.from(queryAnswer.frame).toString('latin1')).to.equal(vector('query-answer').text);
    const payment = vectors.frames.find((f) => f.id.startsWith('payment') && !f.id.includes('answer'))!;
    const paymentAnswer = await bank.request(payment.decoded);
    expect(Buffer.from(paymentAnswer.frame).toString('latin1')).to.equal(vectors.frames.find((f) => f.id.startsWith('payment') && f.id.includes('answer'))!.text);
    const stranger = connect({ host: '127.0.0.1', port: running.server.port, localAddress: '127.0.0.2' });
    let strangerBytes = 0;
    stranger.on('data', (chunk: Buffer) => (strangerBytes += chunk.length));
    stranger.on('error', () => undefined);
    await new Promise((resolve) => stranger.once('close', resolve));
    expect(strangerBytes, 'no bank is bound to 127.0.0.2: closed unread, nothing written').to.equal(0);
    await running.stop();
    await bank.waitClosed(2000);

    const transactions = await jsonLines(join(dir, 'logs', 'transactions.log'));
    expect(transactions.map((l) => [l.txcode, l.respCode, l.bankcode, l.bankSerial, l.bossSerial, l.replayed])).to.deep.equal([
      ['1001', '0000', 'ICBC01', '20261123000001', '', false],
      ['1002', '0000', 'ICBC01', '20261123000002', 'B2026112300000001', false],
    ]);
    const events = (await jsonLines(join(dir, 'logs', 'service.log'))).map((l) => l.event);
    expect(events).to.include.members(['listening', 'connected', 'peerRefused', 'stopping', 'closed', 'stopped']);
    const capture = await jsonLines(join(dir, 'capture.jsonl'));
    const frames = capture.filter((l) => l.direction !== undefined); // docs/boss/capture.md §1
    expect(frames.map((l) => l.direction)).to.deep.equal(['request', 'response', 'request', 'response']);
    expect(frames[0]!.text).to.equal(vector('query').text);
  });

  it('serve as a process: prints the port taken for --port 0, answers, and exits 0 on SIGTERM and SIGINT', async () => {
    const dir = await tempDir('boss-cli');
    const db = join(dir, 'boss.db');
    expect((await stbpay('boss', 'seed', '--db', db)).code).to.equal(0);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const child = new RunningCli(['boss', 'serve', '--db', db, '--port', '0', '--log-dir', join(dir, 'logs')]);
      try {
        const [, port] = await child.waitForOutput(/listening on 127\.0\.0\.1:(\d+)\n/);
        await child.waitForOutput(/running; Ctrl-C to stop/);
        const bank = await BankConnection.open({ host: '127.0.0.1', port: Number(port), profile });
        await bank.write(encodeRequestFrame(profile, { ...vector('query').decoded, header: { ...vector('query').decoded.header, BANKSERIAL: `Q${signal}` } }));
        expect(decodeResponse(profile, (await bank.nextFrame())!).header).to.include({ RESPCODE: '0000', BANKSERIAL: `Q${signal}` });
        child.child.kill(signal);
        expect(await child.exited).to.equal(0);
        await bank.waitClosed(2000);
        expect(child.stdout).to.match(new RegExp(`stopped \\(${signal}\\)\\n$`));
      } finally {
        child.child.kill('SIGKILL');
      }
    }
  });
});
