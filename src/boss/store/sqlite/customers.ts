import { settlingOrder } from '../allocation.ts';
import type { BillInput, BillRecord, CustomerInput, CustomerRecord, SaveMode } from '../records.ts';
import type { Db } from './connection.ts';

/** A bill row with its id, which allocations refer to. */
export interface BillRow extends BillRecord {
  readonly id: number;
}

/** Customers (status, prepaid balance) and their bills. */
export class CustomerTable {
  private readonly one;
  private readonly insert;
  private readonly update;
  private readonly addBalance;
  private readonly outstanding;
  private readonly outstandingPlain;
  private readonly arrearsOf;
  private readonly insertBill;
  private readonly pay;
  private readonly billById;

  constructor(db: Db) {
    this.one = db.prepare<[string], CustomerRecord>('SELECT custno, name, address, status, balance FROM customers WHERE custno = ?');
    this.insert = db.prepare('INSERT INTO customers (custno, name, address, status, balance) VALUES (?, ?, ?, ?, ?) ON CONFLICT (custno) DO NOTHING');
    this.update = db.prepare('UPDATE customers SET name = ?, address = ?, status = ? WHERE custno = ?');
    this.addBalance = db.prepare('UPDATE customers SET balance = balance + ? WHERE custno = ?');
    // month then item: the settling order of planAllocation [bank-interface §4 1002 oldest month first]
    this.outstanding = db.prepare<[string], BillRow>(
      'SELECT id, custno, month, item, amount, paid FROM bills WHERE custno = ? AND paid < amount ORDER BY month, item',
    );
    // the same without the row id: what the ledger hands out (1001 reads it for every query)
    this.outstandingPlain = db.prepare<[string], BillRecord>(
      'SELECT custno, month, item, amount, paid FROM bills WHERE custno = ? AND paid < amount ORDER BY month, item',
    );
    this.arrearsOf = db.prepare<[string], { arrears: number }>('SELECT coalesce(sum(amount - paid), 0) AS arrears FROM bills WHERE custno = ?');
    this.insertBill = db.prepare('INSERT INTO bills (custno, month, item, amount) VALUES (?, ?, ?, ?) ON CONFLICT (custno, month, item) DO NOTHING');
    this.pay = db.prepare('UPDATE bills SET paid = paid + ? WHERE id = ?');
    this.billById = db.prepare<[number], BillRow>('SELECT id, custno, month, item, amount, paid FROM bills WHERE id = ?');
  }

  get(custno: string): CustomerRecord | undefined {
    return this.one.get(custno);
  }

  save(customer: CustomerInput, mode: SaveMode): boolean {
    const inserted = this.insert.run(customer.custno, customer.name, customer.address, customer.status, customer.balance ?? 0).changes > 0;
    if (inserted || mode === 'ifAbsent') return inserted;
    this.update.run(customer.name, customer.address, customer.status, customer.custno);
    return true;
  }

  /** Adds `delta` fen (negative to take back) to the prepaid balance; the CHECK refuses going below 0. */
  changeBalance(custno: string, delta: number): void {
    this.addBalance.run(delta, custno);
  }

  outstandingBills(custno: string): BillRow[] {
    // SQLite sorts TEXT by bytes, as settlingOrder does; sorted again so both can never disagree
    return this.outstanding.all(custno).sort(settlingOrder);
  }

  /** As outstandingBills, as plain records (no row id). */
  outstandingRecords(custno: string): BillRecord[] {
    return this.outstandingPlain.all(custno).sort(settlingOrder);
  }

  arrears(custno: string): number {
    return this.arrearsOf.get(custno)?.arrears ?? 0;
  }

  addBill(bill: BillInput): boolean {
    return this.insertBill.run(bill.custno, bill.month, bill.item, bill.amount).changes > 0;
  }

  /** Adds `delta` fen (negative to undo) to what was paid on a bill; the CHECK keeps 0..amount. */
  changePaid(billId: number, delta: number): void {
    this.pay.run(delta, billId);
  }

  bill(billId: number): BillRow | undefined {
    return this.billById.get(billId);
  }
}
