import type { Socket } from 'node:net';
import { errorMessage } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import { VpcdMessageReader, encodeVpcdMessage } from './framing.ts';
import type { VpcdCardSession } from './card-session.ts';

export interface VpcdConnectionEvents {
  /** One line for the operator: protocol trouble, never the traffic itself. */
  readonly log: (line: string) => void;
  /** Every message in and answer out, for tracing (`stbpay sim pcsc --trace`). */
  readonly trace?: (direction: '>' | '<', bytes: Uint8Array) => void;
}

/**
 * Serves one TCP connection to vpcd for one inserted card: messages are answered one at a time, in
 * order (vpcd waits for each answer before it sends the next command). The connection is closed
 * when the card leaves the slot, which is how vpcd learns of a removal.
 */
export class VpcdConnection {
  private readonly reader = new VpcdMessageReader();
  private queue: Promise<void> = Promise.resolve();
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: Socket,
    readonly session: VpcdCardSession,
    private readonly events: VpcdConnectionEvents,
  ) {
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) this.queue = this.queue.then(() => this.answer(message));
    });
    // A reset by the peer is the normal end of a vpcd connection (pcscd stopped); 'close' follows.
    socket.on('error', () => undefined);
  }

  get open(): boolean {
    return !this.socket.destroyed;
  }

  /** Closes the connection: vpcd sees the card removed at its next poll. */
  close(): void {
    this.socket.destroy();
  }

  private async answer(message: Uint8Array): Promise<void> {
    if (!this.open) return;
    this.events.trace?.('>', message);
    try {
      const reply = await this.session.reply(message);
      if (reply.kind === 'card-gone') return this.close();
      if (reply.kind === 'answer' && this.open) {
        this.events.trace?.('<', reply.answer);
        this.socket.write(encodeVpcdMessage(reply.answer));
      }
    } catch (error) {
      // An answer the slot could not give would leave vpcd waiting forever: drop the connection
      // instead, so pcscd reports the card gone and the operator sees why.
      this.events.log(`vpcd message ${toHex(message.subarray(0, 16))}: ${errorMessage(error)}; closing the connection`);
      this.close();
    }
  }
}
