import fc from 'fast-check';

/**
 * One place for fast-check settings in mocha. FC_SEED replays a run (with FC_PATH for one
 * counterexample); the seed of a failure is printed in fast-check's report.
 */
const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : undefined;
fc.configureGlobal({
  ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  verbose: process.env.CI ? 1 : 0,
});

export const mochaHooks = {};
