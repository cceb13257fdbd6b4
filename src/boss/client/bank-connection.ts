import type { Socket } from 'node:net';
import { connectWithin } from '../../core/tcp-connect.ts';
import { StbpayError } from '../../core/errors.ts';
import { FrameDecoder, encodeFrame } from '../codec/frame.ts';
import { decodeResponse, encodeRequest, type BossMessage } from '../codec/message.ts';
import type { Profile } from '../profile/types.ts';

/** The peer closed, the answer did not come in time, or the connection could not be made. */
export class BankConnectionError extends StbpayError {
  constructor(
    readonly reason: 'connect' | 'closed' | 'timeout' | 'framing',
    message: string,
    options?: ErrorOptions,
  ) {
    super(`BOSS_ERR_CONNECTION_${reason.toUpperCase()}`, message, options);
  }
}

export interface BankConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  /** How long `connect` and each `nextFrame` wait, ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** What one exchange returned: the body as sent and, when it decodes, the message. */
export interface Exchange {
  readonly body: Uint8Array;
  readonly frame: Uint8Array;
  readonly message: BossMessage;
}

/**
 * The bank side of one TCP connection to a BOSS bank interface: whole frames out, whole frames in,
 * strictly one request at a time as §1 asks, plus raw writes for tests that misbehave on purpose.
 * Used by the bank emulator, `stbpay replay`, `stbpay conform boss` and the benchmarks.
 */
export class BankConnection {
  private readonly decoder: FrameDecoder;
  private readonly frames: Uint8Array[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly profile: Profile,
    private readonly timeoutMs: number,
  ) {
    this.decoder = new FrameDecoder(profile.framing);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.frames.push(...this.decoder.push(chunk));
      } catch (error) {
        this.failure = new BankConnectionError('framing', `the BOSS sent a frame that cannot be read: ${(error as Error).message}`, { cause: error });
        socket.destroy();
      }
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (error) => {
      this.failure ??= error;
    });
  }

  static async open(options: BankConnectionOptions): Promise<BankConnection> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const socket = await connectWithin(options.host, options.port, timeoutMs, (message, cause) => new BankConnectionError('connect', message, cause ? { cause } : undefined));
    return new BankConnection(socket, options.profile, timeoutMs);
  }

  /** The local `IP:PORT` of this connection. */
  get localAddress(): string {
    return `${this.socket.localAddress ?? ''}:${this.socket.localPort ?? 0}`;
  }

  /** True once the BOSS (or this side) has closed the connection. */
  get closed(): boolean {
    return this.ended;
  }

  /** Encodes and sends one request, then waits for its answer. */
  async request(message: BossMessage): Promise<Exchange> {
    return this.exchangeBody(encodeRequest(this.profile, message));
  }

  /** Sends a body (prefix added here) and waits for one answer frame, which must decode as a response. */
  async exchangeBody(body: Uint8Array): Promise<Exchange> {
    await this.write(encodeFrame(this.profile.framing, body));
    const answer = await this.nextFrame();
    if (answer === undefined) throw new BankConnectionError('closed', 'the BOSS closed the connection without answering');
    return { body: answer, frame: encodeFrame(this.profile.framing, answer), message: decodeResponse(this.profile, answer) };
  }

  /** Writes bytes exactly as given: a whole frame, part of one, or garbage. */
  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new BankConnectionError('closed', 'the connection is closed');
    await new Promise<void>((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * The next answer body, or undefined when the connection closed first. Waits at most `timeoutMs`
   * (default: the connection's timeout) and then throws a `timeout` error.
   */
  async nextFrame(timeoutMs = this.timeoutMs): Promise<Uint8Array | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames.shift();
      if (frame) return frame;
      if (this.failure instanceof BankConnectionError) throw this.failure;
      if (this.ended) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new BankConnectionError('timeout', `no answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Resolves when the BOSS closes the connection; throws `timeout` if it stays open longer. */
  async waitClosed(timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new BankConnectionError('timeout', `the connection stayed open for ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Closes from this side; `abort` resets the connection instead of a clean FIN. */
  async close(options: { abort?: boolean } = {}): Promise<void> {
    if (this.ended) return;
    if (options.abort) this.socket.resetAndDestroy();
    else this.socket.end();
    await this.waitClosed().catch(() => this.socket.destroy());
  }

  private wake(): void {
    this.waiter?.();
  }
}
