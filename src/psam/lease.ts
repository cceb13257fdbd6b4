import type { ApduChannel } from '../reader/apdu.ts';

/**
 * How a terminal or a TSP gets a PSAM for one transaction: it leases one bound to the card issuer's
 * key set, talks to it through the lease's channel, and gives it back. The PSAM pool of a TSP server
 * (simulators/psam/pool.ts emulates one) implements it; the purse engine takes it as an option.
 */
export interface PsamProvider {
  /**
   * A free PSAM of `issuer`, waiting up to `waitMs` (default 0: now or never) while all of that
   * issuer's PSAMs are leased. Rejects with PsamNotAcceptableError when no PSAM in the pool belongs
   * to the issuer (the card cannot be accepted here), PsamBusyError when none came free in time.
   */
  lease(issuer: string, options?: { readonly waitMs?: number }): Promise<PsamLease>;
}

export interface PsamLease {
  /** The slot the PSAM sits in. */
  readonly slotId: string;
  readonly issuer: string;
  /**
   * The PSAM's APDU channel, valid while the lease is: after `release()`, after the lease expired,
   * or once the PSAM was pulled or failed, every transmit rejects with a PsamError saying which.
   */
  readonly channel: ApduChannel;
  /** Gives the PSAM back to the pool; harmless when the lease already ended. */
  release(): void;
}
