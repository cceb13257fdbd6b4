import fc from 'fast-check';
import { fail, type CaseContext } from './case.ts';

/** Random command sequences per model-based property by default: what `npm test` runs per card. */
export const DEFAULT_PROPERTY_RUNS = 1000;

/** How many random command sequences a model-based property runs: STBPAY_PBT_RUNS for soak runs, else `fallback`. */
export function propertyRuns(fallback = DEFAULT_PROPERTY_RUNS): number {
  const fromEnv = Number(process.env.STBPAY_PBT_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/**
 * Runs a fast-check property inside a conformance case: context.propertyRuns sequences from the
 * run's seed. The evidence records what ran; a counterexample fails the case with the seed, path
 * and shrunk command sequence that replay it.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  context: Pick<CaseContext<unknown>, 'seed' | 'propertyRuns' | 'evidence'>,
): Promise<void> {
  const { seed, propertyRuns: numRuns, evidence } = context;
  evidence.note(`fast-check: ${numRuns} random sequences from seed ${seed}`);
  const details = await fc.check(property, { seed, numRuns });
  evidence.note(`fast-check: ${details.numRuns} sequences ran, ${details.numSkips} skipped, ${details.failed ? 'a counterexample was found' : 'all agreed with the model'}`);
  if (details.failed) {
    fail(
      `property failed (seed ${details.seed}, path "${details.counterexamplePath}"): ` +
        `${fc.stringify(details.counterexample)}; cause: ${String(details.errorInstance)}`,
    );
  }
}
