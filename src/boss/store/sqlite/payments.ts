import { CHANNELS_OF, type Allocation, type EntryQuery, type EntryTotals, type PaymentRecord } from '../records.ts';
import type { Db } from './connection.ts';

interface PaymentRow {
  id: number;
  bossserial: string;
  bankcode: string;
  txdate: string;
  bankserial: string;
  custno: string;
  amount: number;
  paytype: string;
  channel: PaymentRecord['channel'];
  txtime: string;
  teller: string;
  acctno: string;
  status: PaymentRecord['status'];
}

/** A payment with its row id, which allocations, reversals and invoices refer to. */
export interface StoredPayment extends PaymentRecord {
  readonly id: number;
}

/** One stored allocation with the bill it settled (null: the prepaid balance). */
export interface StoredAllocation {
  readonly billId: number | null;
  readonly allocation: Allocation;
}

interface AllocationRow {
  bill_id: number | null;
  month: string | null;
  item: string | null;
  amount: number;
}

const COLUMNS = 'id, bossserial, bankcode, txdate, bankserial, custno, amount, paytype, channel, txtime, teller, acctno, status';

/** Payments, their allocations and reversals. [bank-interface §4 1002/1005/1006, §7 YH] */
export class PaymentTable {
  private readonly byKey;
  private readonly bySerial;
  private readonly insert;
  private readonly insertAllocation;
  private readonly allocationsOf;
  private readonly markReversed;
  private readonly insertReversal;
  private readonly totalsOf;
  private readonly runningTotal;
  private readonly byBankSerial;

  constructor(db: Db) {
    this.byKey = db.prepare<[string, string, string], PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE bankcode = ? AND txdate = ? AND bankserial = ?`);
    this.bySerial = db.prepare<[string], PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE bossserial = ?`);
    this.insert = db.prepare(
      `INSERT INTO payments (bossserial, bankcode, txdate, bankserial, custno, amount, paytype, channel, txtime, teller, acctno)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAllocation = db.prepare('INSERT INTO allocations (payment_id, seq, bill_id, amount) VALUES (?, ?, ?, ?)');
    this.allocationsOf = db.prepare<[number], AllocationRow>(
      `SELECT a.bill_id, b.month, b.item, a.amount FROM allocations a LEFT JOIN bills b ON b.id = a.bill_id WHERE a.payment_id = ? ORDER BY a.seq`,
    );
    this.markReversed = db.prepare(`UPDATE payments SET status = 'reversed' WHERE id = ? AND status = 'posted'`);
    this.insertReversal = db.prepare('INSERT INTO reversals (reversalserial, payment_id, bankcode, txdate, bankserial) VALUES (?, ?, ?, ?, ?)');
    // the channel list is fixed per kind, so both kinds share one statement with two channel slots
    this.totalsOf = db.prepare<[string, string, string, string], EntryTotals>(
      `SELECT count(*) AS count, coalesce(sum(amount), 0) AS total FROM payments
       WHERE bankcode = ? AND txdate = ? AND channel IN (?, ?) AND status = 'posted'`,
    );
    this.byBankSerial = db.prepare<[string, string], PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE bankcode = ? AND bankserial = ? ORDER BY txdate`);
    this.runningTotal = db.prepare<[string, string, string], number>('SELECT total FROM entry_totals WHERE bankcode = ? AND date = ? AND kind = ?').pluck();
  }

  /** The running total of a bank's posted entries of one date and kind (migration 3's triggers keep it). */
  dayTotal(query: EntryQuery): number {
    return this.runningTotal.get(query.bankcode, query.date, query.kind) ?? 0;
  }

  byBankKey(bankcode: string, txdate: string, bankSerial: string): StoredPayment | undefined {
    const row = this.byKey.get(bankcode, txdate, bankSerial);
    return row && toPayment(row);
  }

  /** A bank's payments under one BANKSERIAL on every date (index payments_bank_serial, migration 3). */
  allByBankSerial(bankcode: string, bankSerial: string): StoredPayment[] {
    return this.byBankSerial.all(bankcode, bankSerial).map(toPayment);
  }

  byBossSerial(bossSerial: string): StoredPayment | undefined {
    const row = this.bySerial.get(bossSerial);
    return row && toPayment(row);
  }

  /** Inserts a posted payment; returns its row id. */
  add(payment: Omit<PaymentRecord, 'status'>): number {
    const info = this.insert.run(
      payment.bossSerial,
      payment.bankcode,
      payment.txdate,
      payment.bankSerial,
      payment.custno,
      payment.amount,
      payment.paytype,
      payment.channel,
      payment.txtime,
      payment.teller,
      payment.acctno,
    );
    return Number(info.lastInsertRowid);
  }

  addAllocation(paymentId: number, seq: number, billId: number | null, amount: number): void {
    this.insertAllocation.run(paymentId, seq, billId, amount);
  }

  allocations(paymentId: number): StoredAllocation[] {
    return this.allocationsOf.all(paymentId).map((row) => ({
      billId: row.bill_id,
      allocation:
        row.bill_id === null
          ? { target: 'balance', amount: row.amount }
          : { target: 'bill', month: row.month ?? '', item: row.item ?? '', amount: row.amount },
    }));
  }

  /** Returns false when the payment was not posted (already reversed). */
  reverse(paymentId: number, reversal: { reversalSerial: string; bankcode: string; txdate: string; bankSerial: string }): boolean {
    if (this.markReversed.run(paymentId).changes === 0) return false;
    this.insertReversal.run(reversal.reversalSerial, paymentId, reversal.bankcode, reversal.txdate, reversal.bankSerial);
    return true;
  }

  totals(query: EntryQuery): EntryTotals {
    const [first, second = first] = CHANNELS_OF[query.kind];
    return this.totalsOf.get(query.bankcode, query.date, first ?? '', second ?? '') ?? { count: 0, total: 0 };
  }
}

function toPayment(row: PaymentRow): StoredPayment {
  return {
    id: row.id,
    bossSerial: row.bossserial,
    bankcode: row.bankcode,
    txdate: row.txdate,
    bankSerial: row.bankserial,
    custno: row.custno,
    amount: row.amount,
    paytype: row.paytype,
    channel: row.channel,
    txtime: row.txtime,
    teller: row.teller,
    acctno: row.acctno,
    status: row.status,
  };
}

/** The public record without the row id. */
export function paymentRecord(payment: StoredPayment): PaymentRecord {
  const { id: _id, ...record } = payment;
  return record;
}
