import { expect } from 'chai';
import fc from 'fast-check';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { toHex } from '../../../src/core/hex.ts';
import { VpcdMessageReader, encodeVpcdMessage } from '../../../simulators/reader/vpcd/framing.ts';
import { listenForVpcd } from '../../../simulators/reader/vpcd/listener.ts';
import { connectToVpcd } from '../../../simulators/reader/vpcd/connector.ts';
import { vpcdReaderConf, type VpcdBridge } from '../../../simulators/reader/vpcd/bridge.ts';
import { ProgrammableReader, ProgrammableSlot } from './support/programmable-slot.ts';
import { VpcdPeer } from './support/vpcd-peer.ts';

const ATR = Uint8Array.of(0x3b, 0x04, 0xa2, 0x13, 0x10, 0x91);
const echoWith9000 = (apdu: Uint8Array): Uint8Array => Uint8Array.from([...apdu.subarray(1, 3), 0x90, 0x00]);

function reader(slots = 1): ProgrammableReader {
  return new ProgrammableReader(Array.from({ length: slots }, (_, i) => new ProgrammableSlot(i, ATR, echoWith9000)));
}

/** A server holding a port the system chose on 127.0.0.1, until `release`. */
async function occupyPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  return { port: (server.address() as { port: number }).port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function connectPeer(port: number): Promise<VpcdPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(new VpcdPeer(socket)));
    socket.once('error', reject);
  });
}

describe('vpcd bridge (vsmartcard vpcd.c protocol)', () => {
  const log: string[] = [];
  const options = { host: '127.0.0.1', port: 0, log: (line: string) => void log.push(line) };
  let bridge: VpcdBridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
    log.length = 0;
  });

  describe('framing: 2-byte big-endian length + payload (vpcd.c sendToVICC)', () => {
    it('encodes the length big-endian', () => {
      expect(toHex(encodeVpcdMessage(new Uint8Array(0x0102)).subarray(0, 2))).to.equal('01 02');
      expect(toHex(encodeVpcdMessage(Uint8Array.of(0x04)))).to.equal('00 01 04');
    });

    it('reassembles messages however TCP splits or joins them', () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => encodeVpcdMessage(m)));
          const reader = new VpcdMessageReader();
          const out: Uint8Array[] = [];
          for (let at = 0, i = 0; at < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            out.push(...reader.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(out.map(toHex)).to.deep.equal(messages.map(toHex));
          expect(reader.buffered).to.equal(0);
        }),
      );
    });
  });

  describe('listen mode (vpcd reversed: DEVICENAME host:port)', () => {
    /** Starts the bridge in listen mode and connects to slot 0 as vpcd would. */
    async function listenAndConnect(emulator: ProgrammableReader): Promise<VpcdPeer> {
      bridge = await listenForVpcd(emulator, options);
      return connectPeer(bridge.endpoints[0]!.port);
    }

    it('closes at once while the slot is empty: vpcd reads that as no card', async () => {
      const emulator = reader();
      const peer = await listenAndConnect(emulator);
      peer.send(0x04);
      expect(await peer.next()).to.equal(undefined);
      expect(peer.ended).to.equal(true);
    });

    it('answers 04 with the ATR on every poll without ending the card session, and stays silent on 00/01/02', async () => {
      const emulator = reader();
      emulator.insert(0);
      const peer = await listenAndConnect(emulator);
      const slot = emulator.slots[0]!;
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      expect(slot.powered, 'learning the ATR leaves an unpowered card unpowered').to.equal(false);
      peer.send(0x01); // power on: no answer (vpcd.c vicc_poweron sends and does not receive)
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      expect(slot.powered).to.equal(true);
      const powerOns = slot.powerOns;
      peer.send(0xff, 0xb0, 0x00, 0x10, 0x04);
      expect(toHex((await peer.next())!)).to.equal('B0 00 90 00');
      peer.send(0x04);
      peer.send(0x04);
      await peer.next();
      await peer.next();
      expect(slot.powerOns, 'presence polls must not power-cycle a powered card').to.equal(powerOns);
      peer.send(0x02); // reset: no answer; a power cycle underneath
      peer.send(0x00); // power off: no answer
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      expect(slot.powered).to.equal(false);
      expect(slot.powerOns).to.equal(powerOns + 1);
      expect(toHex(slot.commands[0]!)).to.equal('FF B0 00 10 04');
    });

    it('answers 6F 00 when the card is mute and 67 00 to a 1-byte message that is no control code', async () => {
      const emulator = reader();
      emulator.insert(0);
      const peer = await listenAndConnect(emulator);
      peer.send(0x01);
      emulator.slots[0]!.mute = true;
      peer.send(0xff, 0xb0, 0x00, 0x00, 0x01);
      expect(toHex((await peer.next())!)).to.equal('6F 00');
      peer.send(0x07);
      expect(toHex((await peer.next())!)).to.equal('67 00');
    });

    it('closes the connection when the card is removed, and serves the next card on the next connection', async () => {
      const emulator = reader();
      emulator.insert(0);
      const peer = await listenAndConnect(emulator);
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      emulator.remove(0);
      expect(await peer.closedWithin(1000)).to.equal(true);
      expect(log.join('\n')).to.match(/slot 0: card removed/);
      emulator.insert(0);
      const again = await connectPeer(bridge!.endpoints[0]!.port);
      again.send(0x04);
      expect(toHex((await again.next())!)).to.equal('3B 04 A2 13 10 91');
    });

    it('puts slot N on port + N, as vpcd computes it, and prints the reader.conf that says so', async () => {
      const emulator = reader(2);
      emulator.insert(1);
      bridge = await listenForVpcd(emulator, options);
      const [first, second] = bridge.endpoints;
      expect(second!.port).to.equal(first!.port + 1);
      const peer = await connectPeer(second!.port);
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      const conf = vpcdReaderConf(bridge, 'stbpay test');
      expect(conf).to.include(`DEVICENAME   127.0.0.1:${first!.port}\n`);
      expect(conf).to.include('LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n');
    });

    it('binds another consecutive pair when port + 1 of the first choice is taken', async () => {
      // Something else holds port B; the first choice for slot 0 is B - 1, so slot 1 cannot have B.
      const blocker = await occupyPort();
      try {
        const taken = blocker.port;
        const attempts: number[] = [];
        const candidatePort = (attempt: number): number => (attempts.push(attempt), attempt === 1 ? taken - 1 : 0);
        bridge = await listenForVpcd(reader(2), { ...options, candidatePort });
        const [first, second] = bridge.endpoints;
        expect(attempts).to.deep.equal([1, 2]);
        expect(log).to.include(`port ${taken} is taken; trying another set of 2 consecutive ports`);
        expect(first!.port).to.not.equal(taken - 1);
        expect(second!.port).to.equal(first!.port + 1);
        // Both really listen: a peer reaches slot 1 and is turned away (no card) at once.
        const peer = await connectPeer(second!.port);
        expect(await peer.closedWithin(1000)).to.equal(true);
      } finally {
        await blocker.release();
      }
    });

    it('gives up on a taken port the caller named, without looking elsewhere', async () => {
      const blocker = await occupyPort();
      try {
        const taken = blocker.port;
        const error = await listenForVpcd(reader(1), { ...options, port: taken }).then(
          () => undefined,
          (e: unknown) => e as NodeJS.ErrnoException,
        );
        expect(error?.code).to.equal('EADDRINUSE');
      } finally {
        await blocker.release();
      }
    });
  });

  describe('connect mode (vpcd listens: DEVICENAME /dev/null:port)', () => {
    let vpcd: Server | undefined;
    afterEach(async () => {
      // The bridge first: a server only finishes closing once its connections are gone.
      await bridge?.close();
      bridge = undefined;
      await new Promise<void>((resolve) => (vpcd ? vpcd.close(() => resolve()) : resolve()));
      vpcd = undefined;
    });

    function fakeVpcd(port = 0): Promise<{ port: number; peers: VpcdPeer[]; nextPeer(): Promise<VpcdPeer> }> {
      const peers: VpcdPeer[] = [];
      const server = createServer((socket: Socket) => void peers.push(new VpcdPeer(socket)));
      vpcd = server;
      return new Promise((resolve) =>
        server.listen({ host: '127.0.0.1', port }, () => {
          const address = server.address();
          if (!address || typeof address === 'string') throw new Error('no address');
          const seen = { count: 0 };
          resolve({
            port: address.port,
            peers,
            async nextPeer() {
              const deadline = Date.now() + 3000;
              while (peers.length <= seen.count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
              const peer = peers[seen.count++];
              if (!peer) throw new Error('the bridge did not connect');
              return peer;
            },
          });
        }),
      );
    }

    it('connects only while a card is in the slot, and drops the connection on removal', async () => {
      const server = await fakeVpcd();
      const emulator = reader();
      bridge = connectToVpcd(emulator, { ...options, port: server.port, retryMs: 50 });
      await new Promise((r) => setTimeout(r, 150));
      expect(server.peers).to.have.length(0);
      emulator.insert(0);
      const peer = await server.nextPeer();
      peer.send(0x04);
      expect(toHex((await peer.next())!)).to.equal('3B 04 A2 13 10 91');
      emulator.remove(0);
      expect(await peer.closedWithin(1000)).to.equal(true);
    });

    it('retries while vpcd is not there yet and reconnects when vpcd drops the connection', async () => {
      // The port is free only between the probe's close and its re-listen; the re-listen follows the
      // first refused connection at once, so no other process has time to take the port.
      const probe = await fakeVpcd();
      const port = probe.port;
      await new Promise<void>((resolve) => vpcd!.close(() => resolve()));
      vpcd = undefined;
      const emulator = reader();
      emulator.insert(0);
      bridge = connectToVpcd(emulator, { ...options, port, retryMs: 50 });
      const refused = new RegExp(`slot 0: vpcd at 127.0.0.1:${port} not reachable \\(ECONNREFUSED\\)`);
      const deadline = Date.now() + 2000;
      while (!refused.test(log.join('\n')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      expect(log.join('\n')).to.match(refused);
      const server = await fakeVpcd(port);
      const first = await server.nextPeer();
      first.socket.destroy();
      const second = await server.nextPeer();
      second.send(0x04);
      expect(toHex((await second.next())!)).to.equal('3B 04 A2 13 10 91');
    });
  });
});
