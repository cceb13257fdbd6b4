import { createServer, type Server, type Socket } from 'node:net';
import { BossDecodeError, BossFrameError } from '../../../../src/boss/codec/errors.ts';
import { encodeFrame, FrameDecoder } from '../../../../src/boss/codec/frame.ts';
import { decodeRequest, encodeResponse, type BossMessage } from '../../../../src/boss/codec/message.ts';
import { respCodeFor } from '../../../../src/boss/codec/resp-code.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { bytesEqual, concatBytes } from '../../../../src/core/hex.ts';

/** What the peer saw on one connection: the raw bytes as they arrived, and how it ended. */
export interface PeerConnection {
  readonly id: number;
  readonly chunks: { at: number; bytes: Uint8Array }[];
  /** Whole request bodies, in order. */
  readonly bodies: Uint8Array[];
  /** Answer frames written, in order. */
  readonly answers: Uint8Array[];
  /** `fin` the bank closed cleanly, `reset` it reset, `boss` the peer closed first. */
  end: 'open' | 'fin' | 'reset' | 'boss';
  /** Most requests received and not yet answered at one time: 1 for a bank that waits [§1]. */
  maxInFlight: number;
  /** The framing error, when the stream stopped being frames (or ended mid-frame). */
  frameError?: BossFrameError;
}

export interface PeerRequest {
  readonly connection: number;
  readonly message: BossMessage;
  readonly answer: BossMessage;
}

export type Reply = BossMessage | 'hang' | 'close';

export interface ScriptedBossOptions {
  readonly profile?: Profile;
  /** Wait before answering this request, ms. */
  readonly delayMs?: (request: BossMessage) => number;
  /** Replaces the plausible answer; `hang` never answers, `close` closes without answering. */
  readonly reply?: (request: BossMessage, plausible: BossMessage) => Reply;
  /** The peer vanishes (every socket destroyed, the listener closed) on this request, unanswered. */
  readonly vanishOnRequest?: number;
}

/**
 * A small BOSS for the emulator's tests: a TCP server on 127.0.0.1:0 that decodes requests with the
 * real codec, records every byte it gets, and answers plausibly (the §8 answers for C00012345,
 * payments B+TXDATE+sequence, the original answer again for a repeated request, 1005 for a serial
 * reused with another body, 1002/1004 with TXCODE 0000 for framing errors, then a close).
 */
export class ScriptedBoss {
  readonly connections: PeerConnection[] = [];
  /** Requests that decoded, with the answer sent (or meant). */
  readonly requests: PeerRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly seen = new Map<string, { body: Uint8Array; frame: Uint8Array }>();
  private readonly sequences = new Map<string, number>();
  private vanished = false;

  private constructor(
    private readonly server: Server,
    readonly profile: Profile,
    private readonly options: ScriptedBossOptions,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: ScriptedBossOptions = {}): Promise<ScriptedBoss> {
    const profile = options.profile ?? defaultProfile();
    let boss: ScriptedBoss | undefined;
    const server = createServer((socket) => boss?.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    boss = new ScriptedBoss(server, profile, options, '127.0.0.1', address.port);
    return boss;
  }

  /** Every byte the peer got on a connection, in order. */
  received(connection: number): Uint8Array {
    return concatBytes(...(this.connections[connection]?.chunks.map((c) => c.bytes) ?? []));
  }

  /** Waits until `predicate` holds (polling), for what happens after the bank's side is done. */
  async until(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > end) throw new Error('the scripted BOSS did not get there in time');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The BOSS process disappears: no answer, every connection cut, nobody listening. */
  vanish(): void {
    this.vanished = true;
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.vanished) return void socket.destroy();
    this.sockets.add(socket);
    const peer: PeerConnection = { id: this.connections.length, chunks: [], bodies: [], answers: [], end: 'open', maxInFlight: 0 };
    let inFlight = 0;
    this.connections.push(peer);
    const decoder = new FrameDecoder(this.profile.framing);
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      peer.chunks.push({ at: Date.now(), bytes: Uint8Array.from(chunk) });
      let bodies: Uint8Array[];
      try {
        bodies = decoder.push(chunk);
      } catch (error) {
        if (!(error instanceof BossFrameError)) throw error;
        peer.frameError = error;
        queue = queue.then(() => this.frameError(socket, peer, error));
        return;
      }
      for (const body of bodies) {
        peer.bodies.push(body);
        peer.maxInFlight = Math.max(peer.maxInFlight, ++inFlight);
        queue = queue.then(() => this.answer(socket, peer, body)).then(() => void inFlight--);
      }
    });
    socket.on('end', () => {
      if (peer.end === 'open') peer.end = 'fin';
      try {
        decoder.end();
      } catch (error) {
        if (error instanceof BossFrameError) peer.frameError ??= error;
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' && peer.end === 'open') peer.end = 'reset';
    });
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async answer(socket: Socket, peer: PeerConnection, body: Uint8Array): Promise<void> {
    if (socket.destroyed) return;
    let request: BossMessage;
    try {
      request = decodeRequest(this.profile, body);
    } catch (error) {
      if (!(error instanceof BossDecodeError)) throw error;
      const header = error.partial.header;
      return this.send(socket, peer, this.refusal(error.partial.txcode ?? '0000', error.respCode, header.BANKSERIAL ?? ''));
    }
    if (this.options.vanishOnRequest !== undefined && this.requests.length + 1 >= this.options.vanishOnRequest) return this.vanish();
    const key = `${request.header.BANKCODE}|${request.header.TXDATE}|${request.header.BANKSERIAL}`;
    const earlier = this.seen.get(key);
    if (earlier) {
      // [bank-interface §5] the original answer byte for byte, or 1005
      if (bytesEqual(earlier.body, body)) return this.write(socket, peer, earlier.frame);
      const refusal = this.refusal(request.txcode, '1005', request.header.BANKSERIAL ?? '');
      this.requests.push({ connection: peer.id, message: request, answer: refusal });
      return this.send(socket, peer, refusal);
    }
    const plausible = this.plausible(request);
    const reply = this.options.reply ? this.options.reply(request, plausible) : plausible;
    const delay = this.options.delayMs?.(request) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (reply === 'hang') return;
    if (reply === 'close') return void socket.destroy();
    this.requests.push({ connection: peer.id, message: request, answer: reply });
    const frame = encodeFrame(this.profile.framing, encodeResponse(this.profile, reply));
    this.seen.set(key, { body, frame });
    this.write(socket, peer, frame);
  }

  private frameError(socket: Socket, peer: PeerConnection, error: BossFrameError): void {
    const code = respCodeFor(this.profile, error);
    if (code !== undefined) this.send(socket, peer, this.refusal('0000', code, ''));
    peer.end = peer.end === 'open' ? 'boss' : peer.end;
    socket.end();
  }

  private send(socket: Socket, peer: PeerConnection, message: BossMessage): void {
    this.write(socket, peer, encodeFrame(this.profile.framing, encodeResponse(this.profile, message)));
  }

  private write(socket: Socket, peer: PeerConnection, frame: Uint8Array): void {
    if (socket.destroyed || socket.writableEnded) return;
    peer.answers.push(frame);
    socket.write(frame);
  }

  private refusal(txcode: string, respCode: string, bankSerial: string): BossMessage {
    return { txcode, header: { RESPCODE: respCode, RESPMSG: 'REFUSED', BANKSERIAL: bankSerial, BOSSSERIAL: '' }, fields: {}, groups: {} };
  }

  private next(prefix: string, date: string): string {
    const n = (this.sequences.get(prefix + date) ?? 0) + 1;
    this.sequences.set(prefix + date, n);
    return `${prefix}${date}${String(n).padStart(8, '0')}`;
  }

  /** A plausible 0000 answer (2001 for the unknown customer C99999999). */
  private plausible(request: BossMessage): BossMessage {
    const f = request.fields;
    const date = request.header.TXDATE ?? '';
    const ok = (fields: Record<string, string>, bossSerial = '', groups: Record<string, Record<string, string>[]> = {}): BossMessage => ({
      txcode: request.txcode,
      header: { RESPCODE: '0000', RESPMSG: 'OK', BANKSERIAL: request.header.BANKSERIAL ?? '', BOSSSERIAL: bossSerial },
      fields,
      groups,
    });
    if (f.CUSTNO === 'C99999999') return this.refusal(request.txcode, '2001', request.header.BANKSERIAL ?? '');
    switch (request.txcode) {
      case '1001': {
        const known = f.CUSTNO === 'C00012345';
        const bills = known
          ? [{ BILLMONTH: '202610', ITEM: 'BASIC', AMOUNT: '2250' }, { BILLMONTH: '202611', ITEM: 'BASIC', AMOUNT: '2250' }]
          : [{ BILLMONTH: '202611', ITEM: 'BASIC', AMOUNT: '2250' }];
        const arrears = bills.reduce((s, b) => s + Number(b.AMOUNT), 0);
        return ok(
          { CUSTNO: f.CUSTNO ?? '', CUSTNAME: known ? 'ZHANG SAN' : 'CUSTOMER', ADDRESS: known ? 'NO 8 RENMIN RD' : 'SOMEWHERE', ARREARS: String(arrears), BILLCOUNT: String(bills.length) },
          '',
          { BILLS: bills },
        );
      }
      case '1002':
        return ok({ CUSTNO: f.CUSTNO ?? '', AMOUNT: f.AMOUNT ?? '', BALANCE: '0' }, this.next('B', date));
      case '1003':
      case '1004':
        return ok({ CUSTNO: f.CUSTNO ?? '' }, this.next('A', date));
      case '1005':
        return ok({ ORIGSERIAL: f.ORIGSERIAL ?? '' }, this.next('R', date));
      case '1006':
        return ok({ ORIGSERIAL: f.ORIGSERIAL ?? '', CUSTNO: f.CUSTNO ?? '', AMOUNT: f.AMOUNT ?? '' }, this.next('B', f.ORIGDATE ?? date));
      case '2001':
      case '2002':
        return ok({ CHKDATE: f.CHKDATE ?? '', BOSSCOUNT: f.COUNT ?? '0', BOSSTOTAL: f.TOTAL ?? '0', RESULT: '0' });
      case '3001':
        return ok({ INVOICENO: this.next('I', date), CUSTNO: 'C00012345', CUSTNAME: 'ZHANG SAN', AMOUNT: '4500', ITEMCOUNT: '1' }, '', { ITEMS: [{ ITEM: 'BASIC', AMOUNT: '4500' }] });
      default:
        return ok({ INVOICENO: f.INVOICENO ?? '' });
    }
  }
}
