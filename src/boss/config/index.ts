/** The BOSS interface's config file. */
export * from './types.ts';
export { loadBossConfig } from './load.ts';
export { validateBossConfig, type ValidateOptions } from './validate.ts';
export { batchDirs, type BatchDirs } from './batch-dirs.ts';
