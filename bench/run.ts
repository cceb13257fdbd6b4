/**
 * `npm run bench`: the BOSS benchmarks of issue 4, point 8. Every figure is a ratio against a
 * baseline measured in the same run on the same machine, never an absolute time alone, and the
 * results go to docs/BENCHMARKS.md.
 *   npm run bench                         all benchmarks, results written to docs/BENCHMARKS.md
 *   npm run bench -- --quick              shorter runs, for trying changes (nothing written unless --write)
 *   npm run bench -- --only throughput    one benchmark (throughput, reconcile)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultProfile } from '../src/boss/profile/load.ts';
import { measureThroughput, type ThroughputRow } from './throughput.ts';
import { renderBenchmarks, type BenchResults } from './report.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean' },
    only: { type: 'string', multiple: true },
  },
});
const only = new Set(values.only ?? ['throughput', 'reconcile']);
const quick = values.quick ?? false;
const write = values.write ?? !quick;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'stbpay-bench-'));
try {
  const results: BenchResults = { startedAt: new Date().toISOString(), quick };
  if (only.has('throughput')) {
    const rows: ThroughputRow[] = await measureThroughput({
      profile: defaultProfile(),
      dir,
      durationMs: quick ? 2_000 : 8_000,
      warmupMs: quick ? 300 : 1_000,
      connections: [1, 16, 64],
      log,
    });
    results.throughput = rows;
  }
  if (only.has('reconcile')) {
    const { measureReconciliation } = await import('./reconcile.ts');
    results.reconcile = await measureReconciliation({ dir, lines: quick ? 200_000 : 1_000_000, log });
  }
  const markdown = renderBenchmarks(results);
  if (write) {
    await writeFile(new URL('../docs/BENCHMARKS.md', import.meta.url), markdown);
    log('written to docs/BENCHMARKS.md');
  } else {
    log(markdown);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
