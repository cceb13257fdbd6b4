/** PSAM emulation: the purchase and crypto application, and the pool of a TSP server. */
export { PsamApplication, type PsamHost } from './psam-application.ts';
export { KEY_USAGE, type PsamKey, type PsamProfile, type PsamState } from './profile.ts';
export { PSAM_SW } from './status-words.ts';
export { PsamPool, type PsamPoolOptions, type PsamSlotSpec, type SlotState, type SlotStatus } from './pool.ts';
export { psamApplication, type PsamSettings } from './card-application.ts';
