import { connect, type Socket } from 'node:net';

/**
 * A bare TCP client that keeps every byte the server sends and notes how the connection ended, for
 * tests where the server must write nothing, or cut the connection.
 */
export class RawClient {
  received = Buffer.alloc(0);
  error: NodeJS.ErrnoException | undefined;
  readonly ended: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])));
    socket.on('error', (error) => (this.error = error));
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number, options: { localAddress?: string } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ...options });
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** Resolves true when the server closed within `ms`, false otherwise. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([this.ended.then(() => true as const), late]);
    clearTimeout(timer);
    return result;
  }

  text(): string {
    return this.received.toString('latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }
}
