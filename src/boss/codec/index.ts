/** The profile-driven BOSS bank codec. [bank-interface §1–§7] */
export * from './errors.ts';
export * from './frame.ts';
export * from './message.ts';
export * from './frame-message.ts';
export * from './daily-file.ts';
export { checkValue } from './format.ts';
export { respCodeFor } from './resp-code.ts';
