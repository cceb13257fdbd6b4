import { newSeed } from '../../../../src/core/random.ts';

/** Set it to replay a run: `RELIABILITY_SEED=123 npx mocha test/boss/reliability/kill.spec.ts`. */
export const SEED_VARIABLE = 'RELIABILITY_SEED';

/** The seed of this run: the one in RELIABILITY_SEED, else a fresh one (printed when a test fails). */
export function runSeed(): number {
  const text = process.env[SEED_VARIABLE];
  if (text === undefined || text === '') return newSeed();
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`${SEED_VARIABLE}="${text}" is not a whole number`);
  return seed;
}

/** Runs `work`; a failure gets the seed and the command that replays it appended to its message. */
export async function withSeed<T>(seed: number, spec: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const replay = `\n  seed ${seed}; replay with: ${SEED_VARIABLE}=${seed} npx mocha ${spec}`;
    if (error instanceof Error) {
      error.message += replay;
      throw error;
    }
    throw new Error(`${String(error)}${replay}`);
  }
}
