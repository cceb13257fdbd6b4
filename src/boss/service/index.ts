/** The BOSS service: the boundary types and `createBossService`. [bank-interface §1–§6] */
export type * from './types.ts';
export { createBossService, type BossServiceHandle, type BossServiceOptions } from './service.ts';
export { localDate, DEFAULT_UTC_OFFSET_MINUTES } from '../local-date.ts';
export { CODES, MESSAGES } from './codes.ts';
export { PREPAID_ITEM, invoiceItems } from './transactions/invoice-items.ts';
export { BossServiceError } from './errors.ts';
