import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';

export type Db = Database.Database;

/** How long a connection waits for another process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The write connection's busy timeout once the store is open. better-sqlite3 waits for a lock
 * synchronously, freezing the event loop (every bank connection, every timer) for as long as another
 * process (a CLI command, the batch side of another process) holds the write lock; so the writer
 * waits only briefly here, and the group commit retries BEGIN on a timer until the batch's
 * deadlines. [bank-interface §1: the server answers within 5 s]
 */
export const WRITE_BUSY_TIMEOUT_MS = 20;

/**
 * The one write connection: WAL (readers never block the writer and a commit is one append),
 * foreign keys enforced, a busy timeout for other processes on the same file (CLI, batch): the long
 * one while the store opens and migrates (synchronous anyway), then WRITE_BUSY_TIMEOUT_MS.
 * synchronous starts at NORMAL; the group commit raises it to FULL for batches holding a durable unit.
 */
export function openWriteConnection(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (typeof mode !== 'string' || mode.toLowerCase() !== 'wal') {
      throw new StoreError('BOSS_ERR_STORE_OPEN', `${file}: journal_mode is '${String(mode)}', WAL is required`);
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A read-only connection on the same file: sees committed data only, in its own snapshot. */
export function openReadConnection(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}
