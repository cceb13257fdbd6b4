import { expect } from 'chai';
import { connect, createServer, type AddressInfo } from 'node:net';
import { lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../src/core/hex.ts';
import { VpcdPeer } from '../reader/vpcd/support/vpcd-peer.ts';
import { RunningCli } from './running-cli.ts';
import { stbpay } from './run.ts';

describe('stbpay sim', function () {
  this.timeout(30_000);

  describe('bad input exits 2 before anything starts', () => {
    const cases: [string[], RegExp][] = [
      [['sim', 'pcsc', '--slots', '3'], /--slots: "3" is not a whole number from 1 to 2/],
      [['sim', 'pcsc', '--vpcd', 'localhost'], /--vpcd: "localhost" is not HOST:PORT/],
      [['sim', 'pcsc', '--vpcd', '127.0.0.1:65535', '--slots', '2'], /--vpcd: "127.0.0.1:65535" is not host:port with a port from 1 to 65534/],
      [['sim', 'pcsc', '--vpcd', '127.0.0.1:1', '--listen', '0'], /--vpcd\/--listen: give one of them/],
      [['sim', 'pcsc', '--listen', '-1'], /--listen: "-1" is not a whole number/],
      [['sim', 'pcsc', '--card', 'SLE9999', '--listen', '0'], /unknown card type "SLE9999"/],
      [['sim', 'pcsc', '--card', 'SLE4442', '--image', 'x.json', '--listen', '0'], /--card\/--image: give one/],
      [['sim', 'pcsc', '--profile', 'acr39u', '--slots', '2'], /--slots: profile acr39u has 1 slot\(s\), not 2/],
      [['sim', 'pcsc', '--profile', 'nope'], /unknown reader profile "nope"/],
      [['sim', 'reader'], /required option '--pty <path>'/],
      [['sim', 'reader', '--pty', '/tmp/stbpay-never', '--profile', 'dual-slot'], /--profile: the serial reader has one slot/],
    ];
    for (const [args, message] of cases) {
      it(args.slice(1).join(' '), async () => {
        const run = await stbpay(...args);
        expect(run.code, run.err).to.equal(2);
        expect(run.err).to.match(message);
      });
    }

    it('refuses an image file that is not there', async () => {
      const run = await stbpay('sim', 'pcsc', '--image', join(tmpdir(), 'stbpay-no-such-card.json'), '--listen', '0');
      expect(run.code).to.equal(2);
      expect(run.err).to.match(/stbpay-no-such-card\.json/);
    });
  });

  it('refuses a --pty path that exists, and a --listen port in use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stbpay-sim-'));
    const taken = createServer();
    try {
      const existing = await stbpay('sim', 'reader', '--pty', dir);
      expect(existing.code, existing.err).to.equal(2);
      expect(existing.err).to.include(`${dir}: exists already`);
      const port = await new Promise<number>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, () => resolve((taken.address() as AddressInfo).port)));
      const busy = await stbpay('sim', 'pcsc', '--listen', String(port));
      expect(busy.code, busy.err).to.equal(2);
      expect(busy.err).to.include(`--listen: port ${port} (or the one after it, for slot 1) is in use`);
    } finally {
      taken.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sim pcsc --listen 0 answers a vpcd peer (ATR, APDU), prints the reader.conf, and stops cleanly on SIGINT', async () => {
    const cli = new RunningCli(['sim', 'pcsc', '--listen', '0', '--card', 'SLE4442']);
    try {
      const [, port] = await cli.waitForOutput(/slot 0: listening for vpcd on 127\.0\.0\.1:(\d+)/);
      await cli.waitForOutput(/running; Ctrl-C to stop/);
      expect(cli.stdout).to.include(`    DEVICENAME   127.0.0.1:${port}\n`);
      expect(cli.stdout).to.match(/slot 0: SLE4442 factory-fresh, ATR 3B 04 A2 13 10 91/);
      const peer = await new Promise<VpcdPeer>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => resolve(new VpcdPeer(socket)));
        socket.once('error', reject);
      });
      peer.send(0x01); // power on, then the ATR, as vpcd does (vpcd.c vicc_poweron, vicc_getatr)
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      peer.send(0xff, 0xb0, 0x00, 0x00, 0x04); // READ_MEMORY_CARD of the blank card's ATR bytes (ACR38x §9.3.5)
      expect(toHex((await peer.next())!)).to.equal('A2 13 10 91 90 00');
      expect(await cli.interrupt()).to.equal(0);
      expect(await peer.closedWithin(1000)).to.equal(true);
      expect(cli.stdout).to.match(/stopped \(SIGINT\)\n$/);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('sim reader --pty creates the pty link, prints the libccid reader.conf, and removes the link on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stbpay-sim-'));
    const path = join(dir, 'ttyCCID');
    const cli = new RunningCli(['sim', 'reader', '--pty', path]);
    try {
      await cli.waitForOutput(/running; Ctrl-C to stop/);
      expect(cli.stdout).to.include(`    DEVICENAME   ${path}:GemPCTwin\n    LIBPATH      /usr/lib/pcsc/drivers/serial/libccidtwin.so\n`);
      expect((await lstat(path)).isSymbolicLink()).to.equal(true);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).to.equal(0);
      expect(cli.stdout).to.match(/stopped \(SIGTERM\)\n$/);
      await lstat(path).then(
        () => expect.fail(`${path} is still there`),
        (error: NodeJS.ErrnoException) => expect(error.code).to.equal('ENOENT'),
      );
    } finally {
      cli.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
