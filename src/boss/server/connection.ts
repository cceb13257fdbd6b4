import type { Socket } from 'node:net';
import type { Clock } from '../../core/clock.ts';
import { errorMessage } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import type { BossFrameError } from '../codec/errors.ts';
import { encodeFrame, FrameDecoder } from '../codec/frame.ts';
import type { BossLogs } from '../log/types.ts';
import type { Profile } from '../profile/types.ts';
import type { BossService, RequestContext, ServiceAnswer } from '../service/types.ts';
import type { MutableCounters } from './counters.ts';
import type { FrameRecorder } from './frame-recorder.ts';
import type { AdmittedPeer } from './admission.ts';
import type { ServerLimits } from './options.ts';
import { Timer } from './timer.ts';
import { answerLine } from './answer-line.ts';

/** What every connection of one server shares. */
export interface ConnectionShared {
  readonly service: BossService;
  readonly framing: Profile['framing'];
  readonly limits: ServerLimits;
  readonly clock: Clock;
  readonly logs: BossLogs;
  readonly recorder: FrameRecorder;
  readonly counters: MutableCounters;
}

/** Whole requests waiting for their turn; past this many, reading pauses until answers catch up. */
const MAX_QUEUED = 64;
/** Answer bytes the peer has not taken yet; past this, reading pauses until they drain. */
const WRITE_HIGH_WATER = 1 << 20;

interface Received {
  readonly body: Uint8Array;
  readonly receivedAt: number;
}

interface Closing {
  readonly reason: string;
  /** A framing error still to be answered (1004, 1002) before the end. */
  readonly frameError?: BossFrameError;
}

/**
 * One bank connection: frames in, answers out strictly one at a time and in order (a client that
 * pipelines still gets its answers in order), the frame and idle timers, and an orderly end: every
 * whole request already received is answered, then FIN, then what the peer still sends is dropped
 * until it closes too or the linger time runs out. [bank-interface §1]
 */
export class BossConnection {
  private readonly reader: FrameDecoder;
  private readonly queue: Received[] = [];
  private answering = false;
  private paused = false;
  private closing: Closing | undefined;
  private endSent = false;
  /** The frame in progress was handed to the tap as unread bytes (it is recorded at most once). */
  private partialRecorded = false;
  private finished = false;
  private frames = 0;
  private answers = 0;
  private readonly frameTimer: Timer;
  private readonly idleTimer: Timer;
  private readonly lingerTimer: Timer;
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    readonly peer: AdmittedPeer,
    private readonly shared: ConnectionShared,
  ) {
    this.reader = new FrameDecoder(shared.framing);
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    const { limits } = shared;
    this.frameTimer = new Timer(limits.frameTimeoutMs, () => this.timedOut('frameTimeout', limits.frameTimeoutMs));
    this.idleTimer = new Timer(limits.idleTimeoutMs, () => this.timedOut('idleTimeout', limits.idleTimeoutMs));
    this.lingerTimer = new Timer(limits.lingerMs, () => socket.destroy());
  }

  start(): void {
    const { socket } = this;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    socket.on('end', () => this.guard(() => this.onEnd()));
    socket.on('drain', () => this.updateFlow());
    socket.on('error', (error: NodeJS.ErrnoException) => this.log('warn', { event: 'socketError', code: error.code ?? null, error: error.message }));
    socket.on('close', () => this.onClose());
    this.idleTimer.start();
    socket.resume();
  }

  /** Server shutdown: answer what has arrived whole, drop a partial frame, then end. */
  shutdown(): void {
    this.requestClose('server closing');
  }

  /** Cuts the connection now (the shutdown bound ran out). */
  destroy(reason: string): void {
    this.recordPartialFrame();
    this.closing ??= { reason };
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing !== undefined) {
      // the connection is ending: late bytes are read and dropped. After a framing error they are
      // the rest of the garbage, for the tap; after any other close they may hold whole requests the
      // server never took, which a replay must not send as if they had been.
      if (this.closing.frameError) this.recordUnread(chunk);
      return;
    }
    const wasInFrame = this.reader.inFrame;
    const { bodies, error } = this.reader.read(chunk);
    const receivedAt = this.shared.clock.now();
    for (const body of bodies) this.receive(body, receivedAt);
    if (error) {
      this.shared.counters.frameErrors++;
      this.log('warn', { event: 'frameError', reason: error.reason, bytes: toHex(error.bytes.subarray(0, 16)), error: error.message });
      this.partialRecorded = true;
      this.recordUnread(this.reader.pending); // the bad length prefix and all after it
      this.requestClose(`frame error: ${error.reason}`, error);
      return;
    }
    this.idleTimer.stop();
    // [§1] 10 s from a frame's first byte: a new frame started in this chunk if none was open or one completed.
    if (!this.reader.inFrame) this.frameTimer.stop();
    else if (!wasInFrame || bodies.length > 0) this.frameTimer.start();
    this.updateFlow();
    this.startPump();
  }

  private receive(body: Uint8Array, receivedAt: number): void {
    this.frames++;
    this.shared.counters.framesIn++;
    const { recorder } = this.shared;
    if (recorder.active) recorder.frame(this.id, this.peer.endpoint, 'request', encodeFrame(this.shared.framing, body));
    this.queue.push({ body, receivedAt });
  }

  private startPump(): void {
    if (this.answering) return; // the running pump takes what was queued
    this.pump().catch((error: unknown) => this.internalError(error));
  }

  /** Answers queued requests one at a time; the next waits for the previous answer. [§1] */
  private async pump(): Promise<void> {
    if (this.answering) return;
    this.answering = true;
    try {
      for (let next = this.queue.shift(); next !== undefined && !this.finished; next = this.queue.shift()) {
        this.updateFlow();
        await this.answer(next);
      }
    } finally {
      this.answering = false;
    }
    if (this.finished) return;
    if (this.closing !== undefined) this.finishClosing();
    // Paused with a frame half read (the peer does not take its answers), the idle timer is what ends it.
    else if (!this.reader.inFrame || this.paused) this.idleTimer.start();
  }

  private async answer(request: Received): Promise<void> {
    const context = this.context(request.receivedAt);
    let answer: ServiceAnswer;
    try {
      answer = await this.shared.service.handle(request.body, context);
    } catch (error) {
      // The service promised never to reject. Without this answer the later ones would be taken for it.
      this.log('error', { event: 'serviceError', error: errorMessage(error) });
      this.fail('service failed');
      return;
    }
    this.send(answer, request.receivedAt);
  }

  private send(answer: ServiceAnswer, receivedAt: number): void {
    let frame: Uint8Array;
    try {
      frame = encodeFrame(this.shared.framing, answer.body);
    } catch (error) {
      this.log('error', { event: 'serviceError', txcode: answer.txcode, error: errorMessage(error) });
      this.fail('answer cannot be framed');
      return;
    }
    if (answer.close) this.recordPartialFrame(); // it came in before this answer goes out
    const sent = !this.finished && this.socket.writable;
    if (sent) {
      this.socket.write(frame);
      this.answers++;
      this.shared.counters.answers++;
      this.shared.recorder.frame(this.id, this.peer.endpoint, 'response', frame);
    }
    this.shared.logs.transactions.info(answerLine(answer, { connection: this.id, peer: this.peer.endpoint, elapsedMs: this.shared.clock.now() - receivedAt, sent }));
    if (answer.close) {
      this.queue.length = 0;
      this.requestClose('answer closes the connection');
    }
  }

  /** Bytes read that will never be a request, for the tap (a capture's `"frame": false` line). */
  private recordUnread(bytes: Uint8Array): void {
    this.shared.recorder.raw(this.id, this.peer.endpoint, 'request', bytes);
  }

  /**
   * Once, when the connection starts to end by any path (close requested, a reset, destroyed): the
   * start of a frame that will never be whole is recorded as unread bytes. A framing error records
   * its own bytes where it is found.
   */
  private recordPartialFrame(): void {
    if (this.partialRecorded || this.closing !== undefined) return;
    this.partialRecorded = true;
    this.recordUnread(this.reader.pending);
  }

  private fail(reason: string): void {
    this.queue.length = 0;
    this.requestClose(reason);
  }

  private context(receivedAt: number): RequestContext {
    return { peerAddress: this.peer.address, receivedAt, deadline: receivedAt + this.shared.limits.answerTimeoutMs };
  }

  private onEnd(): void {
    if (this.closing !== undefined) {
      if (this.endSent) this.socket.destroy();
      return;
    }
    const cut = this.reader.endError();
    if (cut) {
      // [§1] a stream cut mid-frame has nobody to answer: just close
      this.shared.counters.frameErrors++;
      this.log('info', { event: 'truncated', error: cut.message });
      this.requestClose('peer closed mid-frame');
    } else {
      this.requestClose('peer closed');
    }
  }

  private timedOut(event: 'frameTimeout' | 'idleTimeout', ms: number): void {
    this.shared.counters[event === 'frameTimeout' ? 'frameTimeouts' : 'idleTimeouts']++;
    this.log(event === 'frameTimeout' ? 'warn' : 'info', { event, timeoutMs: ms });
    this.requestClose(event === 'frameTimeout' ? 'frame timeout' : 'idle timeout');
  }

  /** From here on nothing more is read as requests; the queue is answered, then the connection ends. */
  private requestClose(reason: string, frameError?: BossFrameError): void {
    if (this.closing !== undefined || this.finished) return;
    this.recordPartialFrame();
    this.closing = frameError ? { reason, frameError } : { reason };
    this.frameTimer.stop();
    this.idleTimer.stop();
    this.paused = false;
    this.socket.resume(); // read and drop what still comes, so the peer's FIN is seen
    this.startPump();
  }

  private finishClosing(): void {
    if (this.endSent) return;
    const frameError = this.closing?.frameError;
    if (frameError) this.answerFrameError(frameError);
    this.endSent = true;
    this.socket.end();
    this.lingerTimer.start();
  }

  /** [§1, §6] too large → 1004, bad prefix → 1002, each then closed. */
  private answerFrameError(error: BossFrameError): void {
    const now = this.shared.clock.now();
    let answer: ServiceAnswer | undefined;
    try {
      answer = this.shared.service.frameError(error, this.context(now));
    } catch (failure) {
      this.log('error', { event: 'serviceError', error: errorMessage(failure) });
    }
    if (answer) this.send(answer, now);
  }

  /** Pauses reading while too many requests wait or too many answer bytes are unread by the peer. */
  private updateFlow(): void {
    if (this.finished || this.closing !== undefined) return;
    const pause = this.queue.length >= MAX_QUEUED || this.socket.writableLength >= WRITE_HIGH_WATER;
    if (pause === this.paused) return;
    this.paused = pause;
    this.log('debug', { event: pause ? 'readPaused' : 'readResumed', queued: this.queue.length, unreadAnswerBytes: this.socket.writableLength });
    if (pause) {
      this.socket.pause();
      this.frameTimer.stop(); // the peer is not late while the server is not reading
    } else {
      this.socket.resume();
      if (this.reader.inFrame) {
        this.idleTimer.stop();
        this.frameTimer.start();
      }
    }
  }

  private onClose(): void {
    this.recordPartialFrame(); // a reset: nothing announced the end
    this.finished = true;
    this.queue.length = 0;
    for (const timer of [this.frameTimer, this.idleTimer, this.lingerTimer]) timer.cancel();
    this.shared.counters.openConnections--;
    this.log('info', { event: 'closed', reason: this.closing?.reason ?? 'connection reset', frames: this.frames, answers: this.answers });
    this.markClosed();
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.internalError(error);
    }
  }

  /** A bug here must cost one connection, never the process. */
  private internalError(error: unknown): void {
    this.log('error', { event: 'internalError', error: errorMessage(error) });
    this.destroy('internal error');
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
    this.shared.logs.service[level]({ ...fields, connection: this.id, peer: this.peer.endpoint });
  }
}
