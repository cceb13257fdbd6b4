import { Worker } from 'node:worker_threads';
import type { FuzzStats } from './fuzz-client.ts';
import type { FuzzJob } from './fuzz-worker.ts';

/** A worker thread does not inherit the tsx loader: the thread registers it, then loads the TypeScript entry. */
const BOOT = `
import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./fuzz-worker.ts', import.meta.url).href)}); })
  .catch((error) => { console.error(error); process.exit(1); });
`;

/** Runs a FuzzJob in a worker thread and resolves with its stats. */
export function fuzzInThread(job: FuzzJob): Promise<FuzzStats> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: job });
    let stats: FuzzStats | undefined;
    worker.once('message', (message: FuzzStats) => (stats = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (stats && code === 0 ? resolve(stats) : reject(new Error(`the fuzzing thread exited ${code} without its stats`))));
  });
}
