import type { ApduChannel } from '../../src/reader/apdu.ts';
import { PsamBusyError, PsamLeaseEndedError, PsamNotAcceptableError, type LeaseEnd } from '../../src/psam/errors.ts';
import type { PsamLease, PsamProvider } from '../../src/psam/lease.ts';

/** One PSAM in the rack: the issuer whose key set it holds, and its APDU channel. */
export interface PsamSlotSpec {
  readonly id: string;
  readonly issuer: string;
  readonly channel: ApduChannel;
}

export interface PsamPoolOptions {
  readonly slots: readonly PsamSlotSpec[];
  /** A lease held longer than this is taken back (its holder hung): the PSAM serves the next. */
  readonly maxLeaseMs: number;
}

export type SlotState = 'free' | 'leased' | 'failed';

export interface SlotStatus {
  readonly id: string;
  readonly issuer: string;
  readonly state: SlotState;
}

interface Slot {
  readonly spec: PsamSlotSpec;
  state: SlotState;
  lease: Lease | undefined;
}

interface Waiter {
  readonly issuer: string;
  readonly grant: (lease: PsamLease) => void;
  readonly refuse: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** A granted lease: ends once, for one reason. */
class Lease implements PsamLease {
  ended: LeaseEnd | undefined;
  detail = '';
  expiry: ReturnType<typeof setTimeout> | undefined;
  readonly channel: ApduChannel;

  constructor(
    private readonly slot: Slot,
    private readonly onRelease: (lease: Lease) => void,
  ) {
    this.channel = { transmit: (command) => this.transmit(command) };
  }

  get slotId(): string {
    return this.slot.spec.id;
  }

  get issuer(): string {
    return this.slot.spec.issuer;
  }

  release(): void {
    this.onRelease(this);
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.refuseIfEnded();
    const response = await this.slot.spec.channel.transmit(command);
    // pulled or failed while the command ran: its answer never reached the terminal
    this.refuseIfEnded();
    return response;
  }

  private refuseIfEnded(): void {
    if (this.ended !== undefined) throw new PsamLeaseEndedError(this.slotId, this.ended, this.detail);
  }
}

/**
 * The PSAM pool of a TSP server: N slots, each PSAM bound to one issuer's key set. A transaction
 * leases a free PSAM of the card's issuer (waiting its turn, first come first served), and gives it
 * back; a lease held past `maxLeaseMs` is taken back. A PSAM can be pulled out or fail at any moment,
 * mid-transaction included: the lease holding it then fails its next (or running) command.
 */
export class PsamPool implements PsamProvider {
  private readonly slots = new Map<string, Slot>();
  private readonly waiters: Waiter[] = [];

  constructor(private readonly options: PsamPoolOptions) {
    for (const spec of options.slots) this.insert(spec);
  }

  lease(issuer: string, options: { readonly waitMs?: number } = {}): Promise<PsamLease> {
    if (!this.servesIssuer(issuer)) return Promise.reject(new PsamNotAcceptableError(issuer));
    const free = this.freeSlotOf(issuer);
    if (free) return Promise.resolve(this.grant(free));
    const waitMs = options.waitMs ?? 0;
    if (waitMs <= 0) return Promise.reject(new PsamBusyError(issuer, 0));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        issuer,
        grant: resolve,
        refuse: reject,
        timer: setTimeout(() => {
          this.dropWaiter(waiter);
          reject(new PsamBusyError(issuer, waitMs));
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** A PSAM put into a slot (or back into one): free, and handed to whoever waits for its issuer. */
  insert(spec: PsamSlotSpec): void {
    if (this.slots.has(spec.id)) throw new RangeError(`slot ${spec.id} already holds a PSAM`);
    const slot: Slot = { spec, state: 'free', lease: undefined };
    this.slots.set(spec.id, slot);
    this.handOn(slot);
  }

  /** The PSAM is taken out of its slot: its lease ends (`pulled`), and the slot is gone. */
  pull(slotId: string): void {
    const slot = this.slot(slotId);
    this.endLease(slot, 'pulled');
    this.slots.delete(slotId);
    // whoever waits for an issuer that has no PSAM left will never be served
    for (const waiter of [...this.waiters]) {
      if (this.servesIssuer(waiter.issuer)) continue;
      this.dropWaiter(waiter);
      waiter.refuse(new PsamNotAcceptableError(waiter.issuer));
    }
  }

  /** The PSAM stops working (mute, or answers garbage): its lease ends (`failed`), and it is not leased again until repaired. */
  fail(slotId: string, reason: string): void {
    const slot = this.slot(slotId);
    slot.state = 'failed';
    this.endLease(slot, 'failed', reason);
  }

  /** A failed PSAM works again. */
  repair(slotId: string): void {
    const slot = this.slot(slotId);
    if (slot.state !== 'failed') return;
    slot.state = 'free';
    this.handOn(slot);
  }

  status(): SlotStatus[] {
    return [...this.slots.values()].map((slot) => ({ id: slot.spec.id, issuer: slot.spec.issuer, state: slot.state }));
  }

  private grant(slot: Slot): PsamLease {
    const lease = new Lease(slot, (ended) => this.giveBack(slot, ended, 'released'));
    slot.state = 'leased';
    slot.lease = lease;
    lease.expiry = setTimeout(() => this.giveBack(slot, lease, 'expired'), this.options.maxLeaseMs);
    lease.expiry.unref();
    return lease;
  }

  /** A lease ends by its holder (released) or by the pool (expired): the PSAM is free for the next. */
  private giveBack(slot: Slot, lease: Lease, end: 'released' | 'expired'): void {
    if (lease.ended !== undefined || slot.lease !== lease) return;
    this.endLease(slot, end);
    if (slot.state === 'leased') slot.state = 'free';
    this.handOn(slot);
  }

  private endLease(slot: Slot, end: LeaseEnd, detail = ''): void {
    const lease = slot.lease;
    if (!lease) return;
    slot.lease = undefined;
    lease.ended = end;
    lease.detail = detail;
    clearTimeout(lease.expiry);
  }

  private handOn(slot: Slot): void {
    if (slot.state !== 'free' || !this.slots.has(slot.spec.id)) return;
    const waiter = this.waiters.find((w) => w.issuer === slot.spec.issuer);
    if (!waiter) return;
    this.dropWaiter(waiter);
    waiter.grant(this.grant(slot));
  }

  private dropWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private servesIssuer(issuer: string): boolean {
    for (const slot of this.slots.values()) if (slot.spec.issuer === issuer) return true;
    return false;
  }

  private freeSlotOf(issuer: string): Slot | undefined {
    for (const slot of this.slots.values()) if (slot.spec.issuer === issuer && slot.state === 'free') return slot;
    return undefined;
  }

  private slot(slotId: string): Slot {
    const slot = this.slots.get(slotId);
    if (!slot) throw new RangeError(`no PSAM in slot ${slotId}`);
    return slot;
  }
}
