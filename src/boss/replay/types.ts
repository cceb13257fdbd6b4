/** What a replay found, exchange by exchange. docs/boss/capture.md §4 */

/** One field whose replayed value is not the captured one. Group fields are named `BILLS[0].AMOUNT`. */
export interface FieldDifference {
  readonly field: string;
  /** Absent when the field was not in that answer. */
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * `match`: every answer as captured (volatile and ignored fields aside), or closed without an answer
 * as captured; `differ`: an answer, or the lack of one, differs; `missing`: an answer was captured
 * but none came; `skipped`: nothing to judge (an answer whose request is not in the capture, a
 * request whose answer is not in it): the note says why.
 */
export type ExchangeStatus = 'match' | 'differ' | 'missing' | 'skipped';

/** A BOSS-assigned value of the capture replaced in a request by the one the replayed BOSS gave. */
export interface Substitution {
  /** The request field rewritten (`PAYSERIAL`, `INVOICENO`). */
  readonly field: string;
  readonly captured: string;
  readonly replayed: string;
  /** The answer field the value was assigned in (`BOSSSERIAL`) and where: `exchange 1.2`. */
  readonly assignedIn: string;
}

export interface ExchangeResult {
  /** The connection's index in the capture (1-based) and the exchange's index in it. */
  readonly connection: number;
  readonly exchange: number;
  /** `1001 ICBC01/20261123000001`, or what the request was when it does not decode. */
  readonly label: string;
  /** Where the request is in the capture file. */
  readonly source: string;
  readonly status: ExchangeStatus;
  readonly differences: readonly FieldDifference[];
  /** Volatile fields whose value changed, ignored by the comparison. */
  readonly ignored: readonly string[];
  /** The captured and the replayed answers (whole frames), as readable text. */
  readonly expected: readonly string[];
  readonly actual: readonly string[];
  /** Answers that came beyond those captured. */
  readonly extraAnswers: number;
  /** Values of the request replaced before it was sent (cross-implementation replay); absent when none. */
  readonly substitutions?: readonly Substitution[];
  /** Why, in words, when the fields alone do not say it. */
  readonly note?: string;
}

export interface ConnectionResult {
  readonly index: number;
  readonly label: string;
  /** The bank address in the capture. */
  readonly peer: string;
  /** The local address the replay connected from. */
  readonly local?: string;
  readonly notes: readonly string[];
}

export interface ReplaySummary {
  readonly connections: number;
  readonly exchanges: number;
  readonly matched: number;
  readonly differed: number;
  readonly missingAnswers: number;
  readonly extraAnswers: number;
  readonly skipped: number;
}

export interface ReplayReport {
  readonly capture: string;
  readonly captureFormat: string;
  readonly target: string;
  readonly profile: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly notes: readonly string[];
  readonly connections: readonly ConnectionResult[];
  readonly exchanges: readonly ExchangeResult[];
  readonly summary: ReplaySummary;
  /** Why the replay proves nothing, when nothing was compared (a wrong filter or --boss-port). */
  readonly problem?: string;
}

/**
 * 0 when at least one exchange was compared, every compared exchange matched and nothing extra
 * came; 1 otherwise, also when nothing was compared at all. (2, bad input, is thrown.)
 */
export function replayExitCode(report: ReplayReport): 0 | 1 {
  const s = report.summary;
  const compared = s.exchanges - s.skipped;
  return compared > 0 && s.differed === 0 && s.missingAnswers === 0 && s.extraAnswers === 0 && s.matched === compared ? 0 : 1;
}
