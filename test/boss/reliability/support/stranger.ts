import { connect, type Socket } from 'node:net';

/** The address no bank is bound to in the demo data: off the allow-list. [brief: demo data] */
export const UNBOUND_ADDRESS = '127.0.0.2';

/**
 * A client from 127.0.0.2 (Linux lets a client bind any 127.x.y.z) that counts every byte the BOSS
 * sends it and notes when the connection ends.
 */
export class Stranger {
  received = 0;
  written = 0;
  error: string | undefined;
  closed = false;
  readonly ended: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received += chunk.length));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.error ??= error.code ?? error.message));
    this.ended = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  /** Connects; `first` is written the moment the connection is up (before the BOSS could say anything). */
  static open(port: number, first?: Uint8Array): Promise<Stranger> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress: UNBOUND_ADDRESS });
      socket.once('connect', () => {
        const stranger = new Stranger(socket);
        if (first) stranger.write(first);
        resolve(stranger);
      });
      socket.once('error', reject);
    });
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(bytes);
    this.written += bytes.length;
  }

  /** Writes `frame` over and over, a batch per turn of the event loop, until the BOSS cuts the connection or `max` frames went. */
  async flood(frame: Uint8Array, max: number): Promise<number> {
    let sent = 0;
    while (!this.closed && !this.socket.destroyed && sent < max) {
      for (let i = 0; i < 50 && sent < max; i++, sent++) this.write(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return sent;
  }

  /** True when the connection ended within `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const closed = await Promise.race([this.ended.then(() => true as const), late]);
    clearTimeout(timer);
    return closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
