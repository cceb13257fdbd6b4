import { toHex } from '../../src/core/hex.ts';
import type { Random } from '../../src/core/random.ts';
import type { Evidence } from './evidence.ts';

export const VERDICTS = ['pass', 'fail', 'inconclusive', 'not-applicable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * One conformance case. The id names the device, the area and a number (`SLE4442-PSC-003`); the
 * clause is the datasheet section or spec paragraph the case checks, so a verdict traces back to
 * the document. The body runs against any target of type T: an emulator, a production engine's
 * peer, or real hardware.
 */
export interface ConformanceCase<T> {
  readonly id: string;
  readonly clause: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** Target capabilities the case needs; a target without one of them gets not-applicable. */
  readonly requires?: readonly string[];
  run(context: CaseContext<T>): Promise<void>;
}

export interface CaseContext<T> {
  readonly target: T;
  readonly evidence: Evidence;
  /** Randomness for this case, derived from the run's seed and the case id. */
  readonly random: Random;
  /** The run's seed, for cases that hand it on (property checks). */
  readonly seed: number;
  /** How many random sequences a property-based case runs in this run. */
  readonly propertyRuns: number;
}

/** Thrown by a case body to end it with a verdict other than pass. */
export class VerdictSignal extends Error {
  constructor(
    readonly verdict: Exclude<Verdict, 'pass'>,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'VerdictSignal';
  }
}

export function fail(reason: string): never {
  throw new VerdictSignal('fail', reason);
}

export function inconclusive(reason: string): never {
  throw new VerdictSignal('inconclusive', reason);
}

export function notApplicable(reason: string): never {
  throw new VerdictSignal('not-applicable', reason);
}

/** Fails the case with `what` unless `condition` holds. */
export function check(condition: boolean, what: string): asserts condition {
  if (!condition) fail(what);
}

/** Fails the case unless the bytes are equal; the reason shows both in hex. */
export function checkBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  if (actual.length !== expected.length || actual.some((v, i) => v !== expected[i])) {
    fail(`${what}: expected ${toHex(expected) || '(none)'}, got ${toHex(actual) || '(none)'}`);
  }
}

/** Fails the case unless the values are equal; numbers are shown in hex as well. */
export function checkEqual<V extends string | number | boolean>(actual: V, expected: V, what: string): void {
  if (actual !== expected) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function show(value: string | number | boolean): string {
  return typeof value === 'number' ? `${value} (0x${value.toString(16).toUpperCase()})` : JSON.stringify(value);
}
