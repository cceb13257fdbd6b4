import { cpus, totalmem } from 'node:os';
import type { ThroughputRow } from './throughput.ts';

export interface ReconcileResult {
  readonly lines: number;
  readonly ledgerRows: number;
  /** Loading the ledger rows, the baseline the reconciliation time is compared with. */
  readonly baselineSeconds: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly categories: Readonly<Record<string, number>>;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly quick: boolean;
  throughput?: ThroughputRow[];
  reconcile?: ReconcileResult;
}

/** Targets from issue 4, point 8. */
const TARGETS = { '1001': 0.5, '1002': 0.2 } as const;
const RECONCILE_SECONDS = 10;
const RECONCILE_MB = 512;

export function renderBenchmarks(results: BenchResults): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${results.startedAt}${results.quick ? ' (quick run)' : ''}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    'Every figure is measured in the same run as its baseline, so the ratios, not the absolute numbers, are what',
    'carries from one machine to another.',
    '',
  ];
  if (results.throughput) lines.push(...throughputSection(results.throughput));
  if (results.reconcile) lines.push(...reconcileSection(results.reconcile));
  return `${lines.join('\n')}\n`;
}

function throughputSection(rows: readonly ThroughputRow[]): string[] {
  const out = [
    '## Real-time transactions against a raw echo server',
    '',
    'The BOSS is `stbpay boss serve` in its own process, on a freshly seeded SQLite ledger (WAL), with its',
    'three JSON-line logs written. The baseline is a raw TCP server in its own process with the same',
    'framing (6-digit length prefix) that sends every frame back. Both are driven by the same closed-loop',
    'driver (bench/support/closed-loop.ts): N connections, each sending one request and waiting for its',
    'answer, every request with a fresh BANKSERIAL. 1002 is durable: each 0000 is sent only after its',
    'commit is fsynced (group commit shares one fsync between the requests waiting at that moment).',
    '',
    '| TXCODE | connections | echo req/s | BOSS req/s | ratio | target | BOSS p50 ms | BOSS p99 ms | echo p50 ms | echo p99 ms | BOSS answers not 0000 |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.boss.perSecond / row.echo.perSecond;
    const target = row.connections === 64 ? TARGETS[row.txcode as keyof typeof TARGETS] : undefined;
    const verdict = target === undefined ? '' : `≥ ${target}x ${ratio >= target ? '✔' : '✘'}`;
    out.push(
      `| ${row.txcode} | ${row.connections} | ${row.echo.perSecond.toFixed(0)} | ${row.boss.perSecond.toFixed(0)} | ${ratio.toFixed(2)}x | ${verdict} | ${row.boss.p50Ms.toFixed(2)} | ${row.boss.p99Ms.toFixed(2)} | ${row.echo.p50Ms.toFixed(3)} | ${row.echo.p99Ms.toFixed(3)} | ${row.boss.errors} |`,
    );
  }
  out.push('');
  const missed = rows.filter((row) => row.connections === 64 && row.boss.perSecond / row.echo.perSecond < (TARGETS[row.txcode as keyof typeof TARGETS] ?? 0));
  if (missed.length > 0) out.push(...LIMITS);
  return out;
}

/**
 * Why the 64-connection targets are missed, from profiling the server at 64 connections (main-thread
 * CPU per request, November 2026); kept beside the table so a reader knows what the figures mean.
 */
const LIMITS = [
  '### Where the time goes (targets not met yet)',
  '',
  'The BOSS answers every request on one event loop: socket I/O, codec, log line, and the SQLite work,',
  'which better-sqlite3 does synchronously. Profiled at 64 connections, a 1001 costs about 50 µs of',
  'main-thread CPU: the socket write (~10 µs, what the echo server pays too), the SQLite lookups and the',
  'insert of its idempotency record (~13 µs; §5 needs the original answer of every request, queries',
  'included), the COMMIT with its WAL writes (~8 µs), codec (~5 µs), log (~2 µs), GC (~3 µs); WAL',
  'checkpoints run in a worker thread. A durable 1002 costs about 100 µs (about 15 statements with',
  'foreign-key checks, about 5 pages written) plus the fsync each group commit waits for, during which the',
  'event loop is blocked. At the echo server\'s rate, 0.5x leaves about 21 µs per 1001 and 0.2x about',
  '59 µs per 1002. The exchanges table is already a rowid table (migration 4: its insert and commit',
  'went from 15.5 to 9 µs per row). The next step is structural: the SQLite writer in a worker thread',
  'that owns the connection, so the fsync and the statements no longer block the sockets.',
  '',
];

function reconcileSection(result: ReconcileResult): string[] {
  const ratio = result.seconds / result.baselineSeconds;
  return [
    '## Detail reconciliation',
    '',
    `A ${result.lines.toLocaleString('en')}-line XJMX file against a ${result.ledgerRows.toLocaleString('en')}-row ledger for the same bank and date,`,
    'from the flagged file in `in/` to the report file and the stored exceptions (bench/reconcile.ts), in a',
    'child process whose peak resident set size (VmHWM) is read when it ends. The baseline is the time the',
    'same process takes to stream the same ledger rows out of SQLite without comparing anything.',
    '',
    '| lines | ledger rows | baseline s | reconcile s | ratio | peak RSS MB | targets | categories |',
    '|---|---|---|---|---|---|---|---|',
    `| ${result.lines} | ${result.ledgerRows} | ${result.baselineSeconds.toFixed(2)} | ${result.seconds.toFixed(2)} | ${ratio.toFixed(2)}x | ${result.peakRssMb.toFixed(0)} | ≤ ${RECONCILE_SECONDS} s ${result.seconds <= RECONCILE_SECONDS ? '✔' : '✘'}, ≤ ${RECONCILE_MB} MB ${result.peakRssMb <= RECONCILE_MB ? '✔' : '✘'} | ${Object.entries(result.categories).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    '',
  ];
}
