import { SqliteStore, type SqliteStoreOptions } from './store.ts';

export { SqliteStore, type SqliteStoreOptions } from './store.ts';
export { SqliteBatchLedger, type SqliteBatchLedgerOptions } from './batch-ledger.ts';
export type { BatchInfo } from './group-commit.ts';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.ts';

/**
 * Opens (creating when missing) the BOSS ledger in a SQLite file, migrating it to this code's schema;
 * a file of a newer schema is refused with StoreVersionError.
 */
export function openSqliteStore(file: string, options?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(file, options);
}
