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
    'driver (bench/support/closed-loop.ts) in the benchmark\'s process: N connections, each sending one',
    'request and waiting for its answer, every request with a fresh BANKSERIAL. BANKSERIALs are one',
    'ascending sequence for the bank (`sequence`, as a bank front end numbers its transactions whatever',
    'connection carries them); the `per-connection` rows give each connection its own range instead, so',
    'that every batch inserts at 64 places of each index keyed by BANKSERIAL. 1002 is durable: each 0000',
    'is sent only after its commit is fsynced (group commit shares one fsync between the requests waiting',
    'at that moment). Server CPU is the server process\'s user + system time (all threads, /proc) over the',
    'measured window per answered request; driver cores is the CPU the driver itself used, in cores.',
    '',
    '| TXCODE | connections | BANKSERIALs | echo req/s | BOSS req/s | ratio | target | BOSS p50 ms | BOSS p99 ms | echo p50 ms | echo p99 ms | server CPU µs/req echo | server CPU µs/req BOSS | driver cores echo / BOSS | BOSS answers not 0000 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.boss.perSecond / row.echo.perSecond;
    const target = targetOf(row);
    const verdict = target === undefined ? '' : `≥ ${target}x ${ratio >= target ? '✔' : '✘'}`;
    out.push(
      `| ${row.txcode} | ${row.connections} | ${row.serials} | ${row.echo.perSecond.toFixed(0)} | ${row.boss.perSecond.toFixed(0)} | ${ratio.toFixed(2)}x | ${verdict} | ${row.boss.p50Ms.toFixed(2)} | ${row.boss.p99Ms.toFixed(2)} | ${row.echo.p50Ms.toFixed(3)} | ${row.echo.p99Ms.toFixed(3)} | ${cpu(row.echo.serverCpuUs)} | ${cpu(row.boss.serverCpuUs)} | ${row.echo.driverCores.toFixed(2)} / ${row.boss.driverCores.toFixed(2)} | ${row.boss.errors} |`,
    );
  }
  out.push('');
  const missed = rows.filter((row) => row.boss.perSecond / row.echo.perSecond < (targetOf(row) ?? 0));
  if (missed.length > 0) out.push(...limits(rows, missed));
  return out;
}

/** The issue's targets apply at 64 connections, to the bank-wide serial sequence. */
function targetOf(row: ThroughputRow): number | undefined {
  return row.connections === 64 && row.serials === 'sequence' ? TARGETS[row.txcode as keyof typeof TARGETS] : undefined;
}

function cpu(us: number | undefined): string {
  return us === undefined ? 'n/a' : us.toFixed(1);
}

/**
 * Why the 64-connection targets are missed: the CPU budget worked out from this run's rows, then
 * what profiling and experiments on this 2-vCPU machine showed (November 2026), so that a reader knows
 * what the figures mean.
 */
function limits(rows: readonly ThroughputRow[], missed: readonly ThroughputRow[]): string[] {
  const cores = cpus().length;
  const out = ['### Where the time goes (targets not met yet)', '', '**The CPU budget, from this run.**'];
  out.push(
    `The driver, the echo server and the BOSS share this machine's ${cores} cores. In the echo runs at 64 connections`,
    'the driver alone keeps about a core busy (driver cores column). For each target missed, at the target\'s',
    'rate the driver still takes its share (its CPU per request measured in the BOSS run); what is left, divided',
    'by the rate, is the server CPU a request may cost over all of its threads, and one thread can give at most',
    'one core:',
    '',
  );
  for (const row of missed) {
    const target = targetOf(row) ?? 0;
    const rate = target * row.echo.perSecond;
    const driverPerRequest = row.boss.driverCores / row.boss.perSecond;
    const total = ((cores - driverPerRequest * rate) / rate) * 1e6;
    out.push(
      `- ${row.txcode}: ${target}x echo is ${rate.toFixed(0)}/s, which leaves about ${total.toFixed(0)} µs of server CPU per request, at most ${(1e6 / rate).toFixed(0)} µs on one thread; the BOSS used ${cpu(row.boss.serverCpuUs)} µs, nearly all of it on its event loop.`,
    );
  }
  for (const txcode of Object.keys(TARGETS)) {
    const sequence = rows.find((r) => r.txcode === txcode && r.connections === 64 && r.serials === 'sequence');
    const spread = rows.find((r) => r.txcode === txcode && r.connections === 64 && r.serials === 'per-connection');
    if (sequence?.boss.serverCpuUs && spread?.boss.serverCpuUs) {
      out.push(`- ${txcode} with per-connection BANKSERIAL ranges: ${(spread.boss.serverCpuUs / sequence.boss.serverCpuUs).toFixed(2)}x the server CPU per request of the bank-wide sequence.`);
    }
  }
  out.push('', ...PROFILE);
  return out;
}

/** From profiling `boss serve` at 64 connections on this machine, November 2026 (bench figures vary by ±20% here). */
const PROFILE = [
  '**Where a request goes** (profiled at 64 connections, 2026-11-23; all of it on the event loop, only WAL checkpoints run in a thread of their own):',
  '',
  '- 1001: the socket write (~10 µs, what the echo server pays too); the customer, bills and idempotency',
  '  lookups and the insert of its idempotency record (~15 µs: §5 needs the original answer of every request,',
  '  queries included); the COMMIT (~3 µs); codec (~5 µs); log (~2 µs); GC (~3 µs).',
  '- durable 1002: about 15 statements (the payment with four indexes, foreign-key checks and the entry-totals',
  '  trigger ~15 µs; the idempotency record ~11 µs; the BOSS serial ~6 µs; allocation, customer, bills and',
  '  balance ~12 µs), and the COMMIT with its fsync (~22 µs per request, the event loop waiting).',
  '- BANKSERIALs from 64 ranges insert at 64 places of each index keyed by them (one for a 1001, three for a',
  '  1002), so each batch writes more pages.',
  '',
  '**Tried and reverted:**',
  '',
  '- The whole service in a worker thread with its own write connection, requests and answers passed in',
  '  batches of one event-loop turn: 1001 fell to 12–16k/s and 1002 did not gain, because with the driver,',
  '  the socket thread and the ledger thread on two vCPUs every hand-off waited for the scheduler and both',
  '  threads sat idle about half the time.',
  '- COMMIT at NORMAL with the WAL fdatasync on the libuv pool and answers released after it: one fsync per',
  '  batch fell to 3k/s; with the commits made during one fsync sharing the next, 1002 stayed within the',
  '  noise, for a durability path of our own instead of SQLite\'s.',
  '',
  'What is left: fewer statements per 1002 (the BOSS serial counter and the duplicate check could come from',
  'the write connection\'s own cache, the way the banks already do), a cheaper codec, and a run on a machine',
  'where the driver does not share the server\'s cores.',
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
