/**
 * The fuzzing bank in a worker thread, so that the bank and the BOSS under test each have a core:
 * `workerData` is a FuzzJob; the thread posts back the FuzzStats of its run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import { fuzzCase } from './fuzz-cases.ts';
import { newFuzzStats, runFuzz } from './fuzz-client.ts';

export interface FuzzJob {
  readonly port: number;
  readonly seed: number;
  readonly from: number;
  readonly count: number;
  readonly workers: number;
  readonly waitMs: number;
  readonly frameTimeoutMs: number;
}

const job = workerData as FuzzJob;
const profile = defaultProfile();
const stats = newFuzzStats();
await runFuzz({ ...job, profile, cases: (index) => fuzzCase(profile, job.seed, index) }, stats);
parentPort?.postMessage(stats);
