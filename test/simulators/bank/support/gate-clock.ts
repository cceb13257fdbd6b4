import type { Clock } from '../../../../src/core/clock.ts';

/** A clock whose sleeps wait for the test to `release` them, then advance its time. */
export class GateClock implements Clock {
  private current: number;
  private pending: { ms: number; resolve: () => void }[] = [];

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.pending.push({ ms, resolve }));
  }

  get sleeping(): number {
    return this.pending.length;
  }

  /** Ends the oldest sleep, its time passing. */
  release(): void {
    const next = this.pending.shift();
    if (!next) throw new Error('nobody is sleeping');
    this.current += next.ms;
    next.resolve();
  }
}
