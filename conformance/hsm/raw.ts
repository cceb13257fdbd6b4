import { connect, type Socket } from 'node:net';
import { HsmFrameDecoder, MAX_FRAME_MESSAGE } from '../../src/hsm/codec/frame.ts';
import type { Evidence } from '../framework/evidence.ts';
import type { HsmTarget } from './target.ts';

/**
 * A raw TCP connection to the HSM, below the client: the framing and robustness cases write bytes
 * the client would never write (split frames, several frames in one write, garbage, oversized
 * lengths) and read whole answer frames back. Every write and every answer goes into the evidence.
 */
export class RawHsmLink {
  private readonly decoder = new HsmFrameDecoder(MAX_FRAME_MESSAGE);
  private readonly frames: Uint8Array[] = [];
  private waiter: (() => void) | undefined;
  private closedFlag = false;

  private constructor(
    private readonly socket: Socket,
    private readonly evidence: Evidence,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) {
        this.frames.push(frame);
        evidence.received(frame);
      }
      this.waiter?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closedFlag = true;
      this.waiter?.();
    });
  }

  static open(target: HsmTarget, evidence: Evidence): Promise<RawHsmLink> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TCP connection to ${target.host}:${target.port} within ${target.timeoutMs} ms`));
      }, target.timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RawHsmLink(socket, evidence));
      });
    });
  }

  /** True once the HSM closed the connection. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Writes bytes as they are, in one write. */
  async write(bytes: Uint8Array, text?: string): Promise<void> {
    this.evidence.sent(bytes, text);
    await new Promise<void>((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Waits until `count` answer frames came (all of them since the start) or the HSM closed or `waitMs` passed; returns what came. */
  async answers(count: number, waitMs: number): Promise<Uint8Array[]> {
    const deadline = Date.now() + waitMs;
    while (this.frames.length < count && !this.closedFlag && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return [...this.frames];
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A frame: the 2-byte big-endian length, then the message. [docs/hsm.md §1] */
export function frame(message: string | Uint8Array): Uint8Array {
  const bytes = typeof message === 'string' ? Uint8Array.from(Buffer.from(message, 'latin1')) : message;
  return Uint8Array.from([bytes.length >> 8, bytes.length & 0xff, ...bytes]);
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** Opens a raw link for the body and closes it after. */
export async function withRawLink<R>(target: HsmTarget, evidence: Evidence, body: (link: RawHsmLink) => Promise<R>): Promise<R> {
  const link = await RawHsmLink.open(target, evidence);
  try {
    return await body(link);
  } finally {
    link.close();
  }
}
