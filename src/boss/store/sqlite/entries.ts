import { CHANNELS_OF, type EntryQuery, type PostedEntry } from '../records.ts';
import { openReadConnection } from './connection.ts';

/**
 * A bank's posted entries of one kind and date in BANKSERIAL byte order (SQLite's BINARY collation,
 * the order of JavaScript's `<` on ASCII), read from a connection of their own with `.iterate()`:
 * one row in memory at a time, one snapshot for the whole walk, and the write connection never
 * waits. The unique index payments_bank_key (bankcode, txdate, bankserial) gives the order without a sort;
 * INDEXED BY makes the query fail loudly rather than sort a million rows if it were ever dropped. [§7]
 */
export async function* streamPostedEntries(file: string, query: EntryQuery): AsyncGenerator<PostedEntry, void, undefined> {
  const db = openReadConnection(file);
  try {
    // rows are read in index order, table pages in insertion order: a larger page cache (32 MiB,
    // bounded) saves re-reading pages when banks' serials do not arrive in order
    db.pragma('cache_size = -32768');
    const [first, second = first] = CHANNELS_OF[query.kind];
    const rows = db
      .prepare<[string, string, string, string], PostedEntry>(
        `SELECT bankserial AS bankSerial, bossserial AS bossSerial, custno, amount, channel, txtime, teller, acctno
         FROM payments INDEXED BY payments_bank_key
         WHERE bankcode = ? AND txdate = ? AND channel IN (?, ?) AND status = 'posted'
         ORDER BY bankserial`,
      )
      .iterate(query.bankcode, query.date, first ?? '', second ?? '');
    for (const row of rows) yield row;
  } finally {
    db.close();
  }
}
