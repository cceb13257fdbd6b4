import { StoreVersionError } from '../errors.ts';
import type { Db } from './connection.ts';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.ts';

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the file up to this code's schema, one migration per transaction, each recording its
 * version in `PRAGMA user_version`; refuses a file written by newer code. Returns the versions applied.
 */
export function migrate(db: Db, file: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const target = migrations[migrations.length - 1]?.version ?? SCHEMA_VERSION;
  const current = schemaVersion(db);
  if (current > target) throw new StoreVersionError(file, current, target);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // re-read inside the lock: another process may have migrated meanwhile
      if (schemaVersion(db) < migration.version) {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
        applied.push(migration.version);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}
