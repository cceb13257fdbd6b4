import type { Verdict } from './case.ts';
import type { EvidenceEntry } from './evidence.ts';

/** Who and what was tested, as a certificate states it. */
export interface TargetIdentity {
  /** Short kind: "emulator", "mutant", "real reader", ... */
  readonly kind: string;
  /** Human name of the target, e.g. "stbpay SLE4442 emulator". */
  readonly name: string;
  /** Anything further a reader of the report needs to identify the unit (firmware, serial, VID:PID). */
  readonly details?: Readonly<Record<string, string>>;
}

export interface CaseResult {
  readonly id: string;
  readonly clause: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly verdict: Verdict;
  /** Why the verdict is not pass; absent on pass. */
  readonly reason?: string;
  readonly durationMs: number;
  readonly evidence: readonly EvidenceEntry[];
  /** The target the case ran against, where one run covers several (one per card type). */
  readonly target: string;
}

export interface SuiteReport {
  readonly suite: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly targets: readonly TargetIdentity[];
  /** ISO 8601, from the run's clock. */
  readonly startedAt: string;
  readonly seed: number;
  /** The command line that replays this run. */
  readonly replay: string;
  readonly filter: { readonly idPrefixes: readonly string[]; readonly tags: readonly string[] };
  readonly results: readonly CaseResult[];
  readonly summary: Readonly<Record<Verdict, number>> & { readonly total: number };
}

/** Overall outcome: failed if any case failed; a run with nothing but N/A is not a pass either. */
export function overallVerdict(report: SuiteReport): 'pass' | 'fail' | 'inconclusive' {
  if (report.summary.fail > 0) return 'fail';
  if (report.summary.inconclusive > 0 || report.summary.pass === 0) return 'inconclusive';
  return 'pass';
}
