import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../src/core/clock.ts';

/**
 * The system clock at sub-millisecond resolution: an in-process answer takes microseconds, a USB
 * round trip about a millisecond, and a certificate that says "0 ms" for both tells nobody anything.
 */
export const latencyClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: systemClock.sleep,
};
