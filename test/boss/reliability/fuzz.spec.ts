import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import type { FuzzStats } from './support/fuzz-client.ts';
import { fuzzInThread } from './support/fuzz-thread.ts';
import { mib, settledHeapUsed } from './support/heap.ts';
import { startInProcessBoss, type InProcessBoss } from './support/in-process-boss.ts';
import { expectNoProblems } from './support/problems.ts';
import { ProcessGuard } from './support/process-guard.ts';
import { runSeed, withSeed } from './support/run-seed.ts';

const SPEC = 'test/boss/reliability/fuzz.spec.ts';
const profile = defaultProfile();
/** Two batches of the same size (100,000 frames in all); heap after the second is compared with heap after the first. */
const BATCH = 50_000;
const WORKERS = 50;
/**
 * Short, so that connections left mid-frame end quickly, yet long enough that a frame split over
 * several writes is never cut while the server's thread is busy committing (a COMMIT blocks it).
 */
const FRAME_TIMEOUT_MS = 2000;
/** heapUsed may grow this much over the second batch (allocator and JIT noise), no more. */
const HEAP_MARGIN = 8 * 1024 * 1024;
/** 9999s the spec allows: a request whose deadline passed before its work started (§1, §6). */
const TOLERATED_INTERNAL_ERRORS = [/^127\.0\.0\.1: DeadlineError/];

const vectors = JSON.parse(await readFile(new URL('../../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as { frames: { id: string; text: string }[] };
const vector = (id: string): string => vectors.frames.find((f) => f.id === id)!.text;

/** Live handles of this thread by kind (sockets, timers), from Node's own list. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Waits until the server has no connection open and the thread no more sockets or timers than before; else says what is left. */
async function settle(boss: InProcessBoss, baseline: Record<string, number>, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const now = resources();
    const open = boss.server.counters.openConnections;
    const extra = ['TCPSocketWrap', 'Timeout'].filter((kind) => (now[kind] ?? 0) > (baseline[kind] ?? 0));
    if (open === 0 && extra.length === 0) return [];
    if (Date.now() > deadline) return [`${ms} ms after the batch: openConnections ${open}, live handles ${JSON.stringify(now)}, before the run ${JSON.stringify(baseline)}`];
    await sleep(50);
  }
}

function merge(into: FuzzStats, from: FuzzStats): void {
  for (const key of ['cases', 'answers', 'connections', 'failures'] as const) into[key] += from[key];
  for (const key of ['byMode', 'respCodes'] as const) for (const [k, n] of Object.entries(from[key])) into[key][k] = (into[key][k] ?? 0) + n;
  into.samples.push(...from.samples.slice(0, Math.max(0, 10 - into.samples.length)));
}

describe('BOSS reliability: fuzzed frames against our server [bank-interface §1–§3, §6]', function () {
  this.timeout(180_000);

  it(`${2 * BATCH} fuzzed frames on ${WORKERS} connections: no crash, only valid answers, no leaked connection, timer or memory, the §8 query still answered`, async () => {
    const seed = runSeed();
    await withSeed(seed, SPEC, async () => {
      const guard = new ProcessGuard().install();
      const boss = await startInProcessBoss({ name: 'reliability-fuzz', inMemoryFs: true, frameTimeoutMs: FRAME_TIMEOUT_MS, lingerMs: 300 });
      try {
        const baseline = resources();
        const stats: FuzzStats = { cases: 0, answers: 0, connections: 0, byMode: {}, respCodes: {}, failures: 0, samples: [] };
        // the bank in a thread of its own: this thread is all the BOSS's, as in production
        const batch = async (from: number): Promise<void> =>
          merge(stats, await fuzzInThread({ port: boss.server.port, seed, from, count: BATCH, workers: WORKERS, waitMs: 5000, frameTimeoutMs: FRAME_TIMEOUT_MS }));

        await batch(0);
        const leftAfterFirst = await settle(boss, baseline);
        const heapAfterFirst = await settledHeapUsed();
        await batch(BATCH);
        const leftAfterSecond = await settle(boss, baseline);
        const heapAfterSecond = await settledHeapUsed();
        const summary = `${stats.cases} cases, ${stats.connections} connections, ${stats.answers} answers, modes ${JSON.stringify(stats.byMode)}, codes ${JSON.stringify(stats.respCodes)}, server ${JSON.stringify(boss.server.counters)}`;

        expectNoProblems(guard.errors, `the process would have crashed (${summary})`);
        expectNoProblems(stats.failures > 0 ? [`${stats.failures} failures, the first ones:`, ...stats.samples] : [], `answers (${summary})`);
        expectNoProblems(
          boss.internalErrors.filter((error) => !TOLERATED_INTERNAL_ERRORS.some((known) => known.test(error))),
          `requests answered 9999 (${summary})`,
        );
        expectNoProblems([...leftAfterFirst, ...leftAfterSecond], `connections, sockets or timers left (${summary})`);
        expect(boss.server.counters.openConnections).to.equal(0);
        expect(heapAfterSecond - heapAfterFirst, `heapUsed ${mib(heapAfterFirst)} after the first batch, ${mib(heapAfterSecond)} after the second (${summary})`).to.be.below(HEAP_MARGIN);
        expect(stats.respCodes['0000'] ?? 0, `some fuzzed requests were valid and served (${summary})`).to.be.greaterThan(0);
        expect(boss.server.counters.frameTimeouts, `every held connection timed out (${summary})`).to.be.greaterThan(0);

        // [§8] the BOSS still does its job: the example query, answered byte for byte
        const bank = await BankConnection.open({ host: '127.0.0.1', port: boss.server.port, profile });
        await bank.write(Buffer.from(vector('query'), 'latin1'));
        const answer = await bank.nextFrame(5000);
        await bank.close();
        expect(answer && `${String(answer.length).padStart(6, '0')}${Buffer.from(answer).toString('latin1')}`).to.equal(vector('query-answer'));
      } finally {
        guard.uninstall();
        await boss.close();
      }
    });
  });
});
