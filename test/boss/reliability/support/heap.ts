import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection on demand. Mocha cannot pass --expose-gc to one spec file, so the flag is
 * set at run time and `gc` taken from a fresh context (V8 installs it there once the flag is on).
 */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = collector();

/** heapUsed after the event loop went idle for a moment and two full collections. */
export async function settledHeapUsed(): Promise<number> {
  await sleep(100);
  gc();
  await sleep(20);
  gc();
  return process.memoryUsage().heapUsed;
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
