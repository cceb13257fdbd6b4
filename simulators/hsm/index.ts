/** The stbpay HSM emulator (docs/hsm.md). */
export { startHsmEmulator, DEFAULT_MAX_MESSAGE, type HsmEmulatorOptions, type RunningHsmEmulator } from './server.ts';
export { HsmEngine, type EngineAnswer, type EngineOptions } from './engine.ts';
export { KeyStore, checkValueOf } from './key-store.ts';
export { TEST_LMK_PAIRS, LMK_PAIR_OF } from './test-lmk.ts';
export { HsmListenError } from './errors.ts';
export * from './personas/index.ts';
