import type { Socket } from 'node:net';
import { connectWithin } from '../../core/tcp-connect.ts';
import { encodeFrame, HsmFrameDecoder, MAX_FRAME_MESSAGE } from '../codec/frame.ts';
import { DEFAULT_HEADER_LENGTH, decodeAnswer, encodeRequest, responseCodeFor, type HsmAnswer } from '../codec/message.ts';
import { HsmAnswerError, HsmConnectionError } from '../errors.ts';

export interface HsmConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** The header length the HSM is configured with (4 unless given). */
  readonly headerLength?: number;
  /** How long connecting and each answer may take, ms (5 000 unless given). */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly command: string;
  readonly resolve: (answer: HsmAnswer) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One TCP connection to an HSM of this command set. Requests may overlap: each carries a header of
 * its own (a counter in decimal digits) and its answer is matched by the echoed header, so answers may
 * come in any order. An answer whose header nobody waits for (one that came after its timeout) is dropped.
 * An answer that cannot be read fails its own request (HsmAnswerError), not the connection.
 */
export class HsmConnection {
  private readonly pending = new Map<string, Pending>();
  private readonly decoder = new HsmFrameDecoder(MAX_FRAME_MESSAGE);
  private counter = 0;
  private closedError: HsmConnectionError | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly headerLength: number,
    readonly timeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.fail(this.closedError ?? new HsmConnectionError('closed', 'the HSM closed the connection')));
  }

  static async open(options: HsmConnectionOptions): Promise<HsmConnection> {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const socket = await connectWithin(options.host, options.port, timeoutMs, (message, cause) => new HsmConnectionError('connect', message, cause ? { cause } : undefined));
    return new HsmConnection(socket, options.headerLength ?? DEFAULT_HEADER_LENGTH, timeoutMs);
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends one command with its fields and resolves with its answer (any error code: the caller judges it). */
  send(command: string, body: string, timeoutMs = this.timeoutMs): Promise<HsmAnswer> {
    if (this.closedError) return Promise.reject(this.closedError);
    const header = this.nextHeader();
    return new Promise<HsmAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(header);
        reject(new HsmConnectionError('timeout', `no answer to ${command} (header ${header}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(header, { command, resolve, reject, timer });
      this.socket.write(encodeFrame(encodeRequest({ header, command, body })));
    });
  }

  /** Closes the connection; requests still waiting fail with `closed`. */
  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.end();
    const bound = setTimeout(() => this.socket.destroy(), 1_000);
    await closed;
    clearTimeout(bound);
  }

  private nextHeader(): string {
    const modulus = 10 ** this.headerLength;
    for (;;) {
      const header = String(this.counter).padStart(this.headerLength, '0');
      this.counter = (this.counter + 1) % modulus;
      if (!this.pending.has(header)) return header;
    }
  }

  private receive(chunk: Uint8Array): void {
    // with the whole 2-byte range allowed, every length can be followed: push cannot fail here
    for (const message of this.decoder.push(chunk)) this.deliver(message);
  }

  private deliver(message: Uint8Array): void {
    const header = Buffer.from(message.subarray(0, this.headerLength)).toString('latin1');
    const waiting = this.pending.get(header);
    if (waiting === undefined) return;
    this.pending.delete(header);
    clearTimeout(waiting.timer);
    try {
      const answer = decodeAnswer(message, this.headerLength);
      const expected = responseCodeFor(waiting.command);
      if (answer.responseCode !== expected) throw new HsmAnswerError('response code', `${answer.responseCode} answers ${waiting.command}, expected ${expected}`, message);
      waiting.resolve(answer);
    } catch (error) {
      waiting.reject(error as Error);
    }
  }

  private fail(error: HsmConnectionError): void {
    this.closedError = error;
    for (const [header, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(header);
      waiting.reject(error);
    }
  }
}
