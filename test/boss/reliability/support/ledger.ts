import Database from 'better-sqlite3';
import { openSqliteStore } from '../../../../src/boss/store/sqlite/index.ts';
import { bookProblems } from './books.ts';
import { keyOf } from './sent.ts';

export interface PaymentRow {
  readonly id: number;
  readonly bossserial: string;
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankserial: string;
  readonly custno: string;
  readonly amount: number;
  readonly channel: string;
  readonly status: string;
}

export interface ReversalRow {
  readonly reversalserial: string;
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankserial: string;
  /** The reversed payment's bank key and BOSSSERIAL. */
  readonly paymentKey: string;
  readonly paymentSerial: string;
}

export interface ExchangeRow {
  readonly key: string;
  readonly txcode: string;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
  readonly respcode: string;
  readonly bossserial: string;
}

/** Original bill amounts by `custno/month/item`. */
export type BillAmounts = ReadonlyMap<string, number>;

/** What the ledger file holds, read in one snapshot after the server is gone. */
export interface LedgerSnapshot {
  readonly payments: readonly PaymentRow[];
  readonly reversals: readonly ReversalRow[];
  readonly exchanges: ReadonlyMap<string, ExchangeRow>;
  readonly bills: BillAmounts;
  /** Findings of the books' own consistency (SQL over the whole file). */
  readonly bookProblems: readonly string[];
}

/**
 * Opens the ledger as the BOSS would on its next start (openSqliteStore: WAL recovery, migrations),
 * closes it, then reads the tables through a read-only connection, the way another process would.
 */
export async function readLedger(file: string, originalBills?: BillAmounts): Promise<LedgerSnapshot> {
  await openSqliteStore(file).close();
  const db = new Database(file, { readonly: true });
  try {
    return db.transaction(() => snapshot(db, originalBills))();
  } finally {
    db.close();
  }
}

function snapshot(db: Database.Database, originalBills: BillAmounts | undefined): LedgerSnapshot {
  const payments = db.prepare('SELECT id, bossserial, bankcode, txdate, bankserial, custno, amount, channel, status FROM payments ORDER BY id').all() as PaymentRow[];
  const reversals = (
    db
      .prepare(
        `SELECT r.reversalserial, r.bankcode, r.txdate, r.bankserial, p.bankcode AS pb, p.txdate AS pd, p.bankserial AS ps, p.bossserial AS paymentSerial
         FROM reversals r JOIN payments p ON p.id = r.payment_id ORDER BY r.reversalserial`,
      )
      .all() as (Omit<ReversalRow, 'paymentKey'> & { pb: string; pd: string; ps: string })[]
  ).map(({ pb, pd, ps, ...row }) => ({ ...row, paymentKey: keyOf(pb, pd, ps) }));
  const exchanges = new Map<string, ExchangeRow>();
  const exchangeRows = db.prepare('SELECT bankcode, txdate, bankserial, txcode, request, response, respcode, bossserial FROM exchanges').all() as {
    bankcode: string;
    txdate: string;
    bankserial: string;
    txcode: string;
    request: Buffer;
    response: Buffer;
    respcode: string;
    bossserial: string;
  }[];
  for (const row of exchangeRows) {
    const key = keyOf(row.bankcode, row.txdate, row.bankserial);
    exchanges.set(key, { key, txcode: row.txcode, request: new Uint8Array(row.request), response: new Uint8Array(row.response), respcode: row.respcode, bossserial: row.bossserial });
  }
  const bills = new Map<string, number>();
  for (const row of db.prepare('SELECT custno, month, item, amount FROM bills').all() as { custno: string; month: string; item: string; amount: number }[]) {
    bills.set(`${row.custno}/${row.month}/${row.item}`, row.amount);
  }
  return { payments, reversals, exchanges, bills, bookProblems: bookProblems(db, bills, originalBills) };
}
