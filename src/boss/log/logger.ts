import { pino, type DestinationStream, type Logger } from 'pino';
import { systemClock, type Clock } from '../../core/clock.ts';

/**
 * A pino logger as all three BOSS logs use it: no pid/hostname (one process, one file per log),
 * level as a name, time as ISO 8601 from the injected clock so runs on a VirtualClock log stable times.
 */
export function bossLogger(stream: DestinationStream, clock: Clock = systemClock, level = 'info'): Logger {
  // the lines of one batch of answers share their millisecond: format it once
  let lastMs = Number.NaN;
  let lastTime = '';
  const timestamp = (): string => {
    const ms = clock.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastTime = `,"time":"${new Date(ms).toISOString()}"`;
    }
    return lastTime;
  };
  return pino(
    {
      level,
      base: null,
      timestamp,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
