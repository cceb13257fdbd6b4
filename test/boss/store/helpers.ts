import Database from 'better-sqlite3';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/core/clock.ts';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from '../../../src/boss/store/sqlite/index.ts';
import type { PaymentInput } from '../../../src/boss/store/records.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

export const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

export async function tempDbFile(name = 'boss-store'): Promise<string> {
  return join(await tempDir(name), 'boss.db');
}

/** A store with one bank (BK01 at 127.0.0.1) and customers C1 (bills 202609/202610/202611 BASIC 2250) and C2 (none). */
export async function openFixtureStore(options: SqliteStoreOptions & { file?: string } = {}): Promise<{ store: SqliteStore; file: string; clock: VirtualClock }> {
  const file = options.file ?? (await tempDbFile());
  const clock = new VirtualClock(T0);
  const store = openSqliteStore(file, { clock, ...options });
  await store.unit(
    (tx) => {
      tx.saveBank({ bankcode: 'BK01', name: 'BANK', addresses: ['127.0.0.1'], txcodes: ['1001', '1002'], ftpUser: 'bk01', ftpPassword: 'pw' }, 'ifAbsent');
      tx.saveCustomer({ custno: 'C1', name: 'ONE', address: 'ADDR 1', status: 'active' }, 'ifAbsent');
      tx.saveCustomer({ custno: 'C2', name: 'TWO', address: 'ADDR 2', status: 'active' }, 'ifAbsent');
      for (const month of ['202609', '202610', '202611']) tx.addBill({ custno: 'C1', month, item: 'BASIC', amount: 2250 });
    },
    { durable: true },
  );
  return { store, file, clock };
}

let n = 0;

/** A realtime payment input with a fresh BANKSERIAL. */
export function payment(custno: string, amount: number, extra: Partial<PaymentInput> = {}): PaymentInput {
  return {
    bankcode: 'BK01',
    txdate: '20261123',
    bankSerial: `P${++n}`,
    custno,
    amount,
    channel: 'realtime',
    paytype: '1',
    txtime: '101500',
    teller: 'T1',
    serial: { prefix: 'B', date: '20261123' },
    ...extra,
  };
}

/** A raw connection for looking at the file from outside the store (what another process would see). */
export function rawCount(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare(sql).get(...params) as Record<string, number> | undefined;
    return Number(Object.values(row ?? {})[0] ?? 0);
  } finally {
    db.close();
  }
}
