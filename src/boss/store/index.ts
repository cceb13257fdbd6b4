/** The BOSS ledger: the store interface, its records and errors, and the pure posting plan. */
export type * from './types.ts';
export { CHANNELS_OF } from './records.ts';
export * from './errors.ts';
export { planAllocation, settlingOrder, MAX_AMOUNT } from './allocation.ts';
export { formatSerial, SERIAL_SEQUENCE_DIGITS } from './serial.ts';
