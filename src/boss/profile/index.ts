/** Bank-interface profiles: the types, the validator and the loader. */
export * from './types.ts';
export * from './errors.ts';
export { validateProfile } from './validate.ts';
export { loadProfile, defaultProfile, DEFAULT_PROFILE_URL } from './load.ts';
export { isVolatile } from './volatile.ts';
