import { performance } from 'node:perf_hooks';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { DEFAULT_UTC_OFFSET_MINUTES } from '../../../src/boss/local-date.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { formatHostPort } from '../../../src/core/host-port.ts';
import { createRandom } from '../../../src/core/random.ts';
import { BankSettingError } from '../errors.ts';
import { RequestBuilder } from '../request-builder.ts';
import { base36Prefix, SerialGenerator } from '../serials.ts';
import { checkMix } from './mix.ts';
import { DEMO_LOAD_CUSTOMERS } from './plan.ts';
import { LoadStats } from './stats.ts';
import type { LoadOptions, LoadReport, TxcodeReport } from './types.ts';
import { runConnection } from './worker.ts';

/**
 * Drives a BOSS bank interface with N parallel connections, each strictly one request at a time
 * [bank-interface §1], TXCODEs drawn by weight, until `requests` attempts or `durationMs`. Survives
 * the BOSS closing or vanishing (it reconnects, counting each failure), and reports counts, response
 * codes, throughput, latency percentiles from a fixed-size histogram, errors, and the keys of every
 * request answered 0000 (what a ledger check after a crash needs) and of every one left unanswered.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const profile = options.profile ?? defaultProfile();
  if (!Number.isInteger(options.connections) || options.connections < 1) throw new BankSettingError('connections', `${options.connections} is not a whole number >= 1`);
  if (options.requests === undefined && options.durationMs === undefined) throw new BankSettingError('requests/durationMs', 'give a number of requests or a duration');
  if (options.requests !== undefined && (!Number.isInteger(options.requests) || options.requests < 0)) throw new BankSettingError('requests', `${options.requests} is not a whole number >= 0`);
  if (options.durationMs !== undefined && !(options.durationMs >= 0)) throw new BankSettingError('durationMs', `${options.durationMs} is not a duration >= 0`);
  const customers = options.customers ?? DEMO_LOAD_CUSTOMERS;
  if (customers.length === 0) throw new BankSettingError('customers', 'the list is empty');
  const mixWeights = options.mix ?? { '1001': 1 };
  const mix = checkMix(profile, mixWeights);
  const seed = options.seed ?? 0;
  const txcodeRandom = createRandom(seed);
  const fieldRandom = txcodeRandom.fork();
  const serialPrefix = options.serialPrefix ?? `L${base36Prefix(seed, 5)}`;
  const host = options.host ?? '127.0.0.1';
  const builder = new RequestBuilder(profile, {
    bankcode: options.bankcode ?? 'ICBC01',
    teller: options.teller ?? 'LOAD',
    clock: options.clock ?? systemClock,
    utcOffsetMinutes: options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES,
    serials: new SerialGenerator(serialPrefix),
    ...(options.date === undefined ? {} : { date: options.date }),
  });

  const startedAtIso = new Date().toISOString();
  const started = performance.now();
  const stats = new LoadStats(started);
  let left = options.requests ?? Infinity;
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
  const claim = (): boolean => {
    if (left <= 0 || options.signal?.aborted || performance.now() >= deadline) return false;
    left--;
    return true;
  };
  const context = {
    host,
    port: options.port,
    profile,
    builder,
    mix,
    customers,
    txcodeRandom,
    fieldRandom,
    stats,
    claim,
    timeoutMs: options.timeoutMs ?? 10_000,
    reconnectDelayMs: options.reconnectDelayMs ?? 100,
    logAll: options.commitLog === 'all',
    startedAt: started,
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => runConnection(i, context)));
  const elapsedMs = performance.now() - started;

  const latency = stats.overallLatency();
  const byTxcode: Record<string, TxcodeReport> = {};
  for (const txcode of [...stats.byTxcode.keys()].sort()) byTxcode[txcode] = stats.byTxcode.get(txcode)!.report();
  return {
    target: formatHostPort(host, options.port),
    bankcode: builder.identity.bankcode,
    connections: options.connections,
    seed,
    serialPrefix,
    mix: { ...mixWeights },
    startedAt: startedAtIso,
    elapsedMs: Math.round(elapsedMs * 1000) / 1000,
    attempts: stats.attempts,
    sent: stats.sent,
    answered: stats.answered,
    throughputPerSecond: elapsedMs > 0 ? Math.round((stats.answered / elapsedMs) * 1_000_000) / 1000 : 0,
    connects: stats.connects,
    respCodes: { ...stats.respCodes },
    byTxcode,
    latency: latency.summary(),
    histogram: latency.buckets(),
    errors: { total: stats.errorCount, byKind: { ...stats.errorsByKind }, first: stats.firstErrors },
    committed: stats.committed,
    unanswered: stats.unanswered,
  };
}
