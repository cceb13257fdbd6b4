import { createServer, type Server, type Socket } from 'node:net';
import { assembleVpcdBridge, type VpcdBridge, type VpcdBridgeOptions, type VpcdEndpoint, type VpcdSlotBridge } from './bridge.ts';
import { VpcdCardSession } from './card-session.ts';
import { VpcdConnection } from './connection.ts';
import type { VpcdSlot, VpcdSlotSource } from './slot.ts';

/** How often to look for a free pair of consecutive ports when the caller asked for port 0. */
const FREE_PORT_ATTEMPTS = 20;

export interface VpcdListenOptions extends VpcdBridgeOptions {
  /**
   * With `port` 0, the port to try for slot 0 on each attempt (1, 2, ...); default 0, the system's
   * choice. Tests use it to make the first choice collide.
   */
  readonly candidatePort?: (attempt: number) => number;
}

/**
 * Listen mode (vpcd "reversed"): reader.conf `DEVICENAME host:port` makes vpcd connect to us,
 * slot N on port + N, and reconnect on every presence poll while it has no connection (vpcd.c
 * vicc_connect). A slot without a card accepts and closes at once, which vpcd reads as "no card";
 * a slot with a card keeps the connection until the card leaves.
 *
 * With `port` 0 the system picks slot 0's port; the other slots need the ports after it, so the
 * whole set is bound again elsewhere when one of those is taken. Servers bind `host` only.
 */
export async function listenForVpcd(source: VpcdSlotSource, options: VpcdListenOptions): Promise<VpcdBridge> {
  const slots = source.slots.map((slot) => new SlotServer(slot, options));
  await bindConsecutive(slots, options);
  return assembleVpcdBridge('listen', source, slots);
}

async function bindConsecutive(slots: readonly SlotServer[], options: VpcdListenOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const firstPort = options.port === 0 ? (options.candidatePort?.(attempt) ?? 0) : options.port;
    try {
      const first = await slots[0]!.bind(options.host, firstPort);
      for (const server of slots.slice(1)) await server.bind(options.host, first + server.slotIndex);
      return;
    } catch (error) {
      await Promise.all(slots.map((s) => s.close()));
      const failure = error as NodeJS.ErrnoException & { port?: number };
      if (failure.code !== 'EADDRINUSE' || options.port !== 0 || attempt >= FREE_PORT_ATTEMPTS) throw error;
      options.log(`port ${failure.port ?? '?'} is taken; trying another set of ${slots.length} consecutive ports`);
    }
  }
}

class SlotServer implements VpcdSlotBridge {
  private readonly server: Server;
  private connection: VpcdConnection | undefined;
  private readonly sockets = new Set<Socket>();
  private bound: VpcdEndpoint | undefined;
  /** Whether the last vpcd connection found a card, so "no card" is logged once per removal. */
  private reportedEmpty = false;

  constructor(
    private readonly slot: VpcdSlot,
    private readonly options: VpcdBridgeOptions,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  get slotIndex(): number {
    return this.slot.index;
  }

  get endpoint(): VpcdEndpoint {
    if (!this.bound) throw new Error(`slot ${this.slot.index} is not listening`);
    return this.bound;
  }

  bind(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      // Both listeners go once either fires: a failed listen may be followed by another on this server.
      const onError = (error: Error): void => {
        this.server.off('listening', onListening);
        reject(error);
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address === null || typeof address === 'string') return reject(new Error(`no TCP address for slot ${this.slot.index}`));
        this.bound = { slot: this.slot.index, host, port: address.port };
        resolve(address.port);
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen({ host, port, exclusive: true });
    });
  }

  /** Drops the connection of a card that has left the slot. */
  update(): void {
    if (this.connection?.open && this.connection.session.card !== this.slot.card) {
      this.options.log(`slot ${this.slot.index}: card removed; closing the vpcd connection`);
      this.connection.close();
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.bound = undefined;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const card = this.slot.card;
    if (!card) {
      if (!this.reportedEmpty) this.options.log(`slot ${this.slot.index}: vpcd polls, no card in the slot`);
      this.reportedEmpty = true;
      socket.destroy();
      return;
    }
    this.reportedEmpty = false;
    // vpcd holds one connection per slot; a new one means the old is dead (pcscd restarted).
    this.connection?.close();
    this.connection = new VpcdConnection(socket, new VpcdCardSession(this.slot, card), this.options);
    this.options.log(`slot ${this.slot.index}: vpcd connected from ${socket.remoteAddress}:${socket.remotePort}`);
  }
}
