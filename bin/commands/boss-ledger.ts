import { InputError, StbpayError } from '../../src/core/errors.ts';

/**
 * Opens the ledger named by --db/db. A file SQLite cannot open (missing directory, not a database) is
 * the user's input, so exit 2 naming the file; the store's own errors (a newer schema) keep theirs.
 */
export function openLedger<T>(file: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    if (error instanceof StbpayError) throw error;
    throw new InputError('--db', `cannot open the ledger ${file}: ${(error as Error).message}`, { cause: error });
  }
}
