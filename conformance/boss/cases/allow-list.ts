import { connect } from 'node:net';
import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { encodeRequest } from '../../../src/boss/codec/message.ts';
import { toHex } from '../../../src/core/hex.ts';
import { check, inconclusive, notApplicable, type ConformanceCase } from '../../framework/case.ts';
import { escapedText } from '../../../src/boss/codec/readable.ts';
import { BossSession } from '../session.ts';
import { BOSS_CAPABILITY, type BossTarget } from '../target.ts';
import { formatHostPort } from '../../../src/core/host-port.ts';

/** How long the suite waits for the BOSS to drop a peer off its allow-list ("at once"). */
const DROP_WITHIN_MS = 2_000;

export const allowListCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-ALLOW-001',
    clause: 'bank-interface §1 (allow-list: the peer IP is checked before any byte is read; a peer not on the list is disconnected at once, without an answer)',
    title: 'a connection from an address no bank is bound to (127.0.0.2 unless told) is closed at once with zero bytes, even after a valid request',
    tags: ['allow-list'],
    requires: [BOSS_CAPABILITY.offListAddress],
    async run(context) {
      const { target, evidence } = context;
      const host = target.host === 'localhost' ? '127.0.0.1' : target.host;
      const socket = connect({ host, port: target.port, localAddress: target.data.offListAddress, family: 4 });
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => undefined);
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRNOTAVAIL' || error.code === 'EINVAL') notApplicable(`this system cannot connect from ${target.data.offListAddress} (${error.code})`);
          inconclusive(`cannot connect from ${target.data.offListAddress} to ${formatHostPort(host, target.port)}: ${error.message}`);
        });
        evidence.note(`connected from ${socket.localAddress}:${socket.localPort}`);
        // A valid request of a bank that is on the list: the BOSS must not read it at all.
        const request = new BossSession(target, evidence).request('1001', { CUSTNO: target.data.namedCustomer.custno });
        const frame = encodeFrame(target.profile.framing, encodeRequest(target.profile, request));
        evidence.sent(frame, `from ${target.data.offListAddress}: ${escapedText(frame)}`);
        socket.write(frame, () => undefined);
        const started = target.clock.now();
        const timer = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), DROP_WITHIN_MS).unref());
        const outcome = await Promise.race([closed.then(() => 'closed' as const), timer]);
        const bytes = Buffer.concat(received);
        if (bytes.length > 0) evidence.received(bytes, `to ${target.data.offListAddress}: ${escapedText(bytes)}`);
        check(bytes.length === 0, `the BOSS sent ${bytes.length} bytes to a peer off its allow-list (${toHex(bytes.subarray(0, 32))}…) [bank-interface §1: without an answer]`);
        check(outcome === 'closed', `the connection from ${target.data.offListAddress} is still open ${DROP_WITHIN_MS} ms after the request [bank-interface §1: disconnected at once]`);
        evidence.note(`closed by the BOSS ${target.clock.now() - started} ms after the request, zero bytes received`);
      } finally {
        socket.destroy();
      }
    },
  },
];
