import { expect } from 'chai';
import { lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { PtyError, startPtyPair } from '../../simulators/reader/pty.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

async function open(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

/**
 * The next `count` bytes from `port`, as hex: a pty may hand over one write in several chunks.
 * Fails after `ms` with what did arrive.
 */
function nextBytes(port: SerialPort, count: number, ms = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= count) finish();
    };
    const timer = setTimeout(() => {
      port.off('data', onData);
      reject(new Error(`${received} of ${count} bytes within ${ms} ms: ${Buffer.concat(chunks).toString('hex')}`));
    }, ms);
    function finish(): void {
      clearTimeout(timer);
      port.off('data', onData);
      resolve(Buffer.concat(chunks).toString('hex'));
    }
    port.on('data', onData);
  });
}

describe('socat pty pair (simulators/reader/pty.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stbpay-pty-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('carries raw bytes both ways (no echo, no translation of 0D/0A/03) and removes its links on close', async () => {
    await requireTools(E2E_REQUIREMENTS.socat);
    const pair = await startPtyPair(join(dir, 'tty'));
    const opened: SerialPort[] = [];
    try {
      const host = await open(pair.hostPath);
      opened.push(host);
      const emulator = await open(pair.emulatorPath);
      opened.push(emulator);
      const atEmulator = nextBytes(emulator, 7);
      host.write(Buffer.from([0x03, 0x06, 0x0d, 0x0a, 0x11, 0x13, 0x7f]));
      expect(await atEmulator).to.equal('03060d0a11137f');
      const atHost = nextBytes(host, 2);
      emulator.write(Buffer.from([0x50, 0x03]));
      expect(await atHost).to.equal('5003');
    } finally {
      for (const port of opened) await new Promise((resolve) => port.close(resolve));
      await pair.close();
    }
    for (const link of [pair.hostPath, pair.emulatorPath]) {
      await lstat(link).then(
        () => expect.fail(`${link} survived close()`),
        () => undefined,
      );
    }
  });

  it('names the Debian package when socat is missing', async () => {
    const error = await startPtyPair(join(dir, 'tty'), { socat: 'stbpay-no-such-socat' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(PtyError);
    expect((error as Error).message).to.equal('socat not found: install it (Debian package socat)');
  });
});
