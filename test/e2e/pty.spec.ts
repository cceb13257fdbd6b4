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

function nextData(port: SerialPort): Promise<string> {
  return new Promise((resolve) => port.once('data', (chunk: Buffer) => resolve(chunk.toString('hex'))));
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
    const host = await open(pair.hostPath);
    const emulator = await open(pair.emulatorPath);
    try {
      const atEmulator = nextData(emulator);
      host.write(Buffer.from([0x03, 0x06, 0x0d, 0x0a, 0x11, 0x13, 0x7f]));
      expect(await atEmulator).to.equal('03060d0a11137f');
      const atHost = nextData(host);
      emulator.write(Buffer.from([0x50, 0x03]));
      expect(await atHost).to.equal('5003');
    } finally {
      await new Promise((resolve) => host.close(resolve));
      await new Promise((resolve) => emulator.close(resolve));
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
