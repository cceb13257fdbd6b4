import type { Socket } from 'node:net';
import { VpcdMessageReader } from '../../../../simulators/reader/vpcd/framing.ts';

/**
 * The vpcd end of a connection, written from vpcd.c independently of our framing encoder: a 2-byte
 * big-endian length, then the payload. Collects answers and reports the connection's end.
 */
export class VpcdPeer {
  private readonly reader = new VpcdMessageReader();
  private readonly answers: Uint8Array[] = [];
  private waiting: (() => void) | undefined;
  ended = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.answers.push(...this.reader.push(chunk));
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  send(...payload: number[]): void {
    this.socket.write(Buffer.from([payload.length >> 8, payload.length & 0xff, ...payload]));
  }

  /** The next answer, or undefined when the connection ends first or nothing comes within `ms`. */
  async next(ms = 2000): Promise<Uint8Array | undefined> {
    const deadline = Date.now() + ms;
    while (this.answers.length === 0 && !this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.answers.shift();
  }

  /** Resolves true once the peer closed, false if it is still open after `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.ended;
  }
}
