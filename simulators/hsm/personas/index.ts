/** The HSM emulator's fault personas, by name. */
export type { FaultAction, FaultContext, FaultPersona } from './types.ts';
export { fragmentAnswers } from './fragment.ts';
export { corruptByte } from './corrupt.ts';
export { delayAnswers } from './delay.ts';
export { dropConnection } from './drop.ts';
