/** The PBOC electronic deposit / electronic purse application, for the CPU card emulator. */
export { PbocPurse } from './purse.ts';
export type { PurseAnswer, PurseCommand, PurseHost } from './context.ts';
export type { PurseKey, PurseProfile, PurseVariant } from './profile.ts';
export { EMPTY_PURSE, encodeRecord, type PurseProof, type PurseRecord, type PurseState } from './state.ts';
export { SW as PURSE_SW } from './status-words.ts';
export { TRANSACTION_TYPE, type PurseApplication } from './transaction-types.ts';
export { pbocPurseApplication, type PurseSettings } from './card-application.ts';
export { PURSE_DATA_SIZE } from './state-files.ts';
export { purseCardProfile, type PurseCardPersonalisation } from './card-profile.ts';
