/**
 * Time as the project sees it. Emulators and engines take a Clock so that every run can be replayed:
 * tests use a VirtualClock that only moves when told to, the CLI uses the system clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (may be fractional on a VirtualClock). */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock that stands still until advanced; sleeping advances it at once. */
export class VirtualClock implements Clock {
  private current: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.current += ms;
  }

  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }
}
