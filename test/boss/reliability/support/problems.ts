/** How many problems a failure message lists before it only counts the rest. */
const SHOWN = 25;

/** Fails with every problem (the first 25 of them) on its own line, or passes when there is none. */
export function expectNoProblems(problems: readonly string[], what: string): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, SHOWN).map((p) => `  - ${p}`);
  const more = problems.length > SHOWN ? [`  ... and ${problems.length - SHOWN} more`] : [];
  throw new Error([`${what}: ${problems.length} problem(s)`, ...shown, ...more].join('\n'));
}
