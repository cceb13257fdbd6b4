import { initial } from './001-initial.ts';
import { batchLedger } from './002-batch-ledger.ts';
import { entryTotals } from './003-entry-totals.ts';
import { exchangesRowid } from './004-exchanges-rowid.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** Every migration, in version order; a new one is a new file appended here. */
export const MIGRATIONS: readonly Migration[] = [initial, batchLedger, entryTotals, exchangesRowid];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
