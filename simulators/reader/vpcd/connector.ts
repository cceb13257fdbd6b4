import { connect, type Socket } from 'node:net';
import { assembleVpcdBridge, type VpcdBridge, type VpcdBridgeOptions, type VpcdEndpoint, type VpcdSlotBridge } from './bridge.ts';
import { VpcdCardSession } from './card-session.ts';
import { VpcdConnection } from './connection.ts';
import type { VpcdSlot, VpcdSlotSource } from './slot.ts';

export interface VpcdConnectOptions extends VpcdBridgeOptions {
  /** How long to wait before connecting again after vpcd refused or dropped us; default 1000 ms. */
  readonly retryMs?: number;
}

/**
 * Connect mode: vpcd listens (reader.conf `DEVICENAME /dev/null:PORT`) and each slot holding a card
 * connects to it; the connection is the card's presence. A refused or dropped connection (pcscd not
 * started yet, restarted) is retried every `retryMs` for as long as the card stays in the slot.
 */
export function connectToVpcd(source: VpcdSlotSource, options: VpcdConnectOptions): VpcdBridge {
  const links = source.slots.map((slot) => new SlotLink(slot, { host: options.host, port: options.port + slot.index, slot: slot.index }, options));
  const bridge = assembleVpcdBridge('connect', source, links);
  links.forEach((link) => link.update());
  return bridge;
}

class SlotLink implements VpcdSlotBridge {
  private connection: VpcdConnection | undefined;
  private connecting: Socket | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The last failure logged, so a vpcd that stays away is reported once, not every second. */
  private lastFailure = '';

  constructor(
    private readonly slot: VpcdSlot,
    readonly endpoint: VpcdEndpoint,
    private readonly options: VpcdConnectOptions,
  ) {}

  /** Brings the link in line with the slot: connected while a card is in it, closed otherwise. */
  update(): void {
    if (this.stopped) return;
    const card = this.slot.card;
    if (this.connection && this.connection.session.card !== card) {
      this.options.log(`slot ${this.endpoint.slot}: card removed; closing the vpcd connection`);
      this.connection.close();
      this.connection = undefined;
    }
    if (!card || this.connection?.open || this.connecting || this.retry) return;
    this.open(card);
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.connecting?.destroy();
    this.connection?.close();
    await this.connection?.closed;
  }

  private open(card: object): void {
    const { host, port, slot } = this.endpoint;
    const socket = connect({ host, port });
    this.connecting = socket;
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (this.connecting !== socket) return;
      this.connecting = undefined;
      const failure = error.code ?? error.message;
      if (failure !== this.lastFailure) {
        this.options.log(`slot ${slot}: vpcd at ${host}:${port} not reachable (${failure}); retrying every ${this.retryMs} ms`);
        this.lastFailure = failure;
      }
      this.scheduleRetry();
    });
    socket.once('connect', () => {
      this.connecting = undefined;
      this.lastFailure = '';
      const connection = new VpcdConnection(socket, new VpcdCardSession(this.slot, card), this.options);
      this.connection = connection;
      this.options.log(`slot ${slot}: connected to vpcd at ${host}:${port}`);
      void connection.closed.then(() => {
        if (this.connection !== connection) return;
        this.connection = undefined;
        if (!this.stopped) this.options.log(`slot ${slot}: vpcd closed the connection; reconnecting`);
        this.scheduleRetry();
      });
    });
  }

  private get retryMs(): number {
    return this.options.retryMs ?? 1000;
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.update();
    }, this.retryMs);
  }
}
