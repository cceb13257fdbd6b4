import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BatchLedger, EntryKind, FileRecord } from '../../../../src/boss/batch/ledger.ts';
import type { Clock } from '../../../../src/core/clock.ts';
import type { CustomerStatus } from '../../../../src/boss/store/records.ts';
import { openSqliteStore, type SqliteStore } from '../../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';
import { MemoryLedger } from './memory-ledger.ts';

/**
 * The two `BatchLedger`s the batch tests run on: the in-memory reference model and the SQLite
 * ledger. A harness sets a scene up and looks at the ledger from outside the interface (payments,
 * bills, balances, file records), the same way for both, so one test states one expectation.
 */
export type LedgerImpl = 'memory' | 'sqlite';
export const LEDGER_IMPLS: readonly LedgerImpl[] = ['memory', 'sqlite'];

export interface BillSpec {
  readonly month: string;
  readonly item: string;
  readonly amount: number;
}

export interface BillView extends BillSpec {
  readonly paid: number;
}

/** A payment as both implementations can show it. */
export interface PaymentView {
  readonly kind: EntryKind;
  readonly date: string;
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly bossSerial: string;
  readonly reversed: boolean;
}

export interface LedgerHarness {
  readonly impl: LedgerImpl;
  /** The ledger under test (a new object after `reopen`). */
  readonly ledger: BatchLedger;
  addBank(bankcode: string): Promise<void>;
  addCustomer(custno: string, bills: readonly BillSpec[], status?: CustomerStatus): Promise<void>;
  /** A further bill of an existing customer. */
  addBill(custno: string, bill: BillSpec): Promise<void>;
  addAgreement(agreement: { bankcode: string; custno: string; acctno: string; acctname: string }): Promise<void>;
  /** A cash payment as 1002 posts it; returns its BOSSSERIAL. */
  addPayment(payment: { bankcode: string; date: string; bankSerial: string; custno: string; amount: number }): Promise<string>;
  /** A reversal outside the batch side (as a 1005 makes). */
  reversePayment(bossSerial: string, date: string): Promise<void>;
  /** Takes fen from the prepaid balance, as a later bill would. */
  spendBalance(custno: string, amount: number): Promise<void>;
  /** Every payment in posting order. */
  payments(): Promise<PaymentView[]>;
  bills(custno: string): Promise<BillView[]>;
  arrears(custno: string): Promise<number>;
  balance(custno: string): Promise<number>;
  /** The reconciliation runs begun, in order. */
  runs(): Promise<{ id: string; kind: EntryKind; fileName: string }[]>;
  /** The file records in the order recorded. */
  files(): Promise<FileRecord[]>;
  /** Loses every file record, as a crash between posting and recording would. */
  forgetFiles(): Promise<void>;
  /** Closes and opens again (SQLite); the memory model keeps its state. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function openLedgerHarness(impl: LedgerImpl, clock: Clock): Promise<LedgerHarness> {
  return impl === 'memory' ? memoryHarness() : sqliteHarness(clock);
}

function memoryHarness(): LedgerHarness {
  const ledger = new MemoryLedger();
  return {
    impl: 'memory',
    ledger,
    addBank: async () => undefined,
    addCustomer: async (custno, bills, status) => ledger.addCustomer(custno, bills, status),
    addBill: async (custno, bill) => void ledger.customers.get(custno)?.bills.push({ custno, ...bill, paid: 0 }),
    addAgreement: async (agreement) => ledger.addAgreement(agreement),
    addPayment: async (payment) => ledger.addPayment(payment),
    reversePayment: async (bossSerial, date) => void ledger.reverse(bossSerial, date),
    spendBalance: async (custno, amount) => {
      const customer = ledger.customers.get(custno);
      if (customer) customer.balance -= amount;
    },
    payments: async () =>
      ledger.payments.map((p) => ({ kind: p.kind, date: p.date, bankSerial: p.bankSerial, custno: p.custno, amount: p.amount, bossSerial: p.bossSerial, reversed: p.reversedBy !== undefined })),
    bills: async (custno) => (ledger.customers.get(custno)?.bills ?? []).map(({ month, item, amount, paid }) => ({ month, item, amount, paid })),
    arrears: async (custno) => ledger.arrearsOf(custno),
    balance: async (custno) => ledger.balanceOf(custno),
    runs: async () => ledger.runs.map((r) => ({ id: r.id, kind: r.kind, fileName: r.fileName })),
    files: async () => [...ledger.files],
    forgetFiles: async () => void (ledger.files.length = 0),
    reopen: async () => undefined,
    close: async () => undefined,
  };
}

interface PaymentRow {
  channel: string;
  txdate: string;
  bankserial: string;
  custno: string;
  amount: number;
  bossserial: string;
  status: string;
}

async function sqliteHarness(clock: Clock): Promise<LedgerHarness> {
  const file = join(await tempDir('batch-ledger-sqlite'), 'boss.db');
  let store: SqliteStore = openSqliteStore(file, { clock });
  let ledger = store.batchLedger({ clock });
  const raw = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const write = (work: Parameters<SqliteStore['unit']>[0]): Promise<unknown> => store.unit(work, { durable: false });
  return {
    impl: 'sqlite',
    get ledger() {
      return ledger;
    },
    addBank: async (bankcode) =>
      void (await write((tx) => tx.saveBank({ bankcode, name: bankcode, addresses: ['127.0.0.1'], txcodes: [], ftpUser: bankcode.toLowerCase(), ftpPassword: 'pw' }, 'ifAbsent'))),
    addCustomer: async (custno, bills, status = 'active') =>
      void (await write(async (tx) => {
        await tx.saveCustomer({ custno, name: `NAME ${custno}`, address: 'ADDR', status }, 'ifAbsent');
        for (const bill of bills) await tx.addBill({ custno, ...bill });
      })),
    addBill: async (custno, bill) => void (await write((tx) => tx.addBill({ custno, ...bill }))),
    addAgreement: async (agreement) => void (await write((tx) => tx.createAgreement({ ...agreement, serial: { prefix: 'A', date: '20261101' } }))),
    addPayment: async (payment) =>
      (await store.unit(
        (tx) =>
          tx.postPayment({ bankcode: payment.bankcode, txdate: payment.date, bankSerial: payment.bankSerial, custno: payment.custno, amount: payment.amount, channel: 'realtime', paytype: '1', txtime: '101500', teller: 'T01', serial: { prefix: 'B', date: payment.date } }),
        { durable: false },
      )).payment.bossSerial,
    reversePayment: async (bossSerial, date) =>
      void (await write((tx) => tx.reversePayment({ paymentSerial: bossSerial, bankcode: 'ICBC01', txdate: date, bankSerial: `DEL${bossSerial.slice(-4)}`, serial: { prefix: 'R', date } }))),
    spendBalance: async (custno, amount) => void raw((db) => db.prepare('UPDATE customers SET balance = balance - ? WHERE custno = ?').run(amount, custno)),
    payments: async () =>
      raw((db) =>
        (db.prepare('SELECT channel, txdate, bankserial, custno, amount, bossserial, status FROM payments ORDER BY id').all() as PaymentRow[]).map((r) => ({
          kind: r.channel === 'withholding' ? 'withholding' : 'cash',
          date: r.txdate,
          bankSerial: r.bankserial,
          custno: r.custno,
          amount: r.amount,
          bossSerial: r.bossserial,
          reversed: r.status === 'reversed',
        })),
      ),
    bills: async (custno) => raw((db) => db.prepare('SELECT month, item, amount, paid FROM bills WHERE custno = ? ORDER BY month, item').all(custno) as BillView[]),
    arrears: async (custno) => store.read((view) => view.arrears(custno)),
    balance: async (custno) => (await store.read((view) => view.customer(custno)))?.balance ?? 0,
    files: async () =>
      raw((db) =>
        (db.prepare('SELECT bankcode, name, sha256, layout, date, outcome, reason, at FROM batch_files ORDER BY rowid').all() as (FileRecord & { reason: string | null })[]).map(({ reason, ...f }) => ({
          ...f,
          ...(reason === null ? {} : { reason }),
        })),
      ),
    runs: async () =>
      raw((db) => (db.prepare(`SELECT 'RUN' || id AS id, kind, file_name AS fileName FROM recon_runs ORDER BY id`).all() as { id: string; kind: EntryKind; fileName: string }[])),
    forgetFiles: async () => void raw((db) => db.exec('DELETE FROM batch_files')),
    reopen: async () => {
      await store.close();
      store = openSqliteStore(file, { clock });
      ledger = store.batchLedger({ clock });
    },
    close: () => store.close(),
  };
}
