import { systemClock, type Clock } from '../../src/core/clock.ts';
import { createRandom } from '../../src/core/random.ts';
import { VERDICTS, VerdictSignal, type ConformanceCase, type Verdict } from './case.ts';
import { Evidence } from './evidence.ts';
import { propertyRuns } from './property.ts';
import type { CaseResult, SuiteReport, TargetIdentity } from './report.ts';

/** A target with the capabilities it offers; cases that need others are not applicable to it. */
export interface TargetBinding<T> {
  readonly identity: TargetIdentity;
  readonly capabilities: ReadonlySet<string>;
  readonly target: T;
  readonly cases: readonly ConformanceCase<T>[];
}

export interface CaseFilter {
  /** Run only cases whose id starts with one of these (all when empty). */
  readonly idPrefixes?: readonly string[];
  /** Run only cases that carry one of these tags (all when empty). */
  readonly tags?: readonly string[];
}

export interface RunOptions {
  readonly suite: string;
  readonly seed: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly replay: string;
  readonly filter?: CaseFilter;
  readonly clock?: Clock;
  /** Sequences per property-based case; default propertyRuns() (1,000, or STBPAY_PBT_RUNS). */
  readonly propertyRuns?: number;
  /** Called after each case, for progress output. */
  readonly onResult?: (result: CaseResult) => void;
}

/** Both filters ignore case: `--id sle4442-psc` and `--tag PSC` select what they say. */
export function selectCases<T>(cases: readonly ConformanceCase<T>[], filter: CaseFilter = {}): ConformanceCase<T>[] {
  const prefixes = (filter.idPrefixes ?? []).map((p) => p.toUpperCase());
  const tags = (filter.tags ?? []).map((t) => t.toLowerCase());
  return cases.filter(
    (c) =>
      (prefixes.length === 0 || prefixes.some((p) => c.id.toUpperCase().startsWith(p))) &&
      (tags.length === 0 || c.tags.some((t) => tags.includes(t.toLowerCase()))),
  );
}

/**
 * Runs every selected case of every binding, one after the other, and collects a report. A case
 * that throws something other than a verdict fails: the target (or the case) misbehaved, and the
 * report says what was thrown.
 */
export async function runSuite(bindings: readonly TargetBinding<unknown>[], options: RunOptions): Promise<SuiteReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = new Date(clock.now()).toISOString();
  const runs = options.propertyRuns ?? propertyRuns();
  const results: CaseResult[] = [];
  const tested: TargetIdentity[] = [];
  for (const binding of bindings) {
    const selected = selectCases(binding.cases, options.filter);
    // A report names only the targets it has verdicts for: a certificate must not list an untested unit.
    if (selected.length > 0) tested.push(binding.identity);
    for (const testCase of selected) {
      const result = await runCase(testCase, binding, { seed: options.seed, clock, propertyRuns: runs });
      results.push(result);
      options.onResult?.(result);
    }
  }
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length])) as Record<
    Verdict,
    number
  >;
  return {
    suite: options.suite,
    tool: options.tool,
    targets: tested,
    startedAt,
    seed: options.seed,
    replay: options.replay,
    filter: { idPrefixes: options.filter?.idPrefixes ?? [], tags: options.filter?.tags ?? [] },
    results,
    summary: { ...summary, total: results.length },
  };
}

export async function runCase<T>(
  testCase: ConformanceCase<T>,
  binding: TargetBinding<T>,
  run: { readonly seed: number; readonly clock?: Clock; readonly propertyRuns?: number },
): Promise<CaseResult> {
  const { seed } = run;
  const clock = run.clock ?? systemClock;
  const started = clock.now();
  const evidence = new Evidence(() => clock.now() - started);
  let verdict: Verdict = 'pass';
  let reason: string | undefined;
  const missing = (testCase.requires ?? []).filter((c) => !binding.capabilities.has(c));
  if (missing.length > 0) {
    verdict = 'not-applicable';
    reason = `target lacks ${missing.join(', ')}`;
  } else {
    try {
      await testCase.run({
        target: binding.target,
        evidence,
        random: createRandom(caseSeed(seed, testCase.id)),
        seed,
        propertyRuns: run.propertyRuns ?? propertyRuns(),
      });
    } catch (error) {
      if (error instanceof VerdictSignal) {
        verdict = error.verdict;
        reason = error.reason;
      } else {
        verdict = 'fail';
        reason = `unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      }
    }
  }
  return {
    id: testCase.id,
    clause: testCase.clause,
    title: testCase.title,
    tags: testCase.tags,
    verdict,
    ...(reason !== undefined ? { reason } : {}),
    durationMs: clock.now() - started,
    evidence: evidence.entries,
    target: binding.identity.name,
  };
}

/** Each case gets its own stream from the run seed, so filtering cases does not change any case's data. */
export function caseSeed(seed: number, id: string): number {
  let hash = seed | 0;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}
