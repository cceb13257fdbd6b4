import { LedgerRuleError } from '../errors.ts';
import type { InvoiceItem, InvoiceRecord, InvoiceStatus } from '../records.ts';
import type { Db } from './connection.ts';

interface InvoiceRow {
  invoiceno: string;
  bossserial: string;
  bankcode: string;
  custno: string;
  custname: string;
  amount: number;
  status: InvoiceStatus;
  void_reason: string;
}

const SELECT = `SELECT i.invoiceno, p.bossserial, p.bankcode, p.custno, i.custname, p.amount, i.status, i.void_reason
                FROM invoices i JOIN payments p ON p.id = i.payment_id`;

/** Invoices (票据), at most one per payment. [bank-interface §4 3001–3003] */
export class InvoiceTable {
  private readonly byNo;
  private readonly byPayment;
  private readonly itemsOf;
  private readonly insert;
  private readonly insertItem;
  private readonly setStatus;

  constructor(db: Db) {
    this.byNo = db.prepare<[string], InvoiceRow>(`${SELECT} WHERE i.invoiceno = ?`);
    this.byPayment = db.prepare<[string], InvoiceRow>(`${SELECT} WHERE p.bossserial = ?`);
    this.itemsOf = db.prepare<[string], InvoiceItem>('SELECT item, amount FROM invoice_items WHERE invoiceno = ? ORDER BY seq');
    this.insert = db.prepare(`INSERT INTO invoices (invoiceno, payment_id, custname, status) VALUES (?, ?, ?, 'issued')`);
    this.insertItem = db.prepare('INSERT INTO invoice_items (invoiceno, seq, item, amount) VALUES (?, ?, ?, ?)');
    this.setStatus = db.prepare('UPDATE invoices SET status = ?, void_reason = ? WHERE invoiceno = ?');
  }

  get(invoiceNo: string): InvoiceRecord | undefined {
    const row = this.byNo.get(invoiceNo);
    return row && this.complete(row);
  }

  forPayment(paymentSerial: string): InvoiceRecord | undefined {
    const row = this.byPayment.get(paymentSerial);
    return row && this.complete(row);
  }

  create(invoiceNo: string, paymentId: number, custname: string, items: readonly InvoiceItem[]): void {
    this.insert.run(invoiceNo, paymentId, custname);
    items.forEach((item, seq) => this.insertItem.run(invoiceNo, seq, item.item, item.amount));
  }

  changeStatus(invoiceNo: string, status: InvoiceStatus, voidReason: string): InvoiceRecord {
    if (this.setStatus.run(status, voidReason, invoiceNo).changes === 0) throw new LedgerRuleError('INVOICENO', `${invoiceNo}: no such invoice`);
    const invoice = this.get(invoiceNo);
    if (!invoice) throw new LedgerRuleError('INVOICENO', `${invoiceNo} vanished`);
    return invoice;
  }

  private complete(row: InvoiceRow): InvoiceRecord {
    return {
      invoiceNo: row.invoiceno,
      paymentSerial: row.bossserial,
      bankcode: row.bankcode,
      custno: row.custno,
      custname: row.custname,
      amount: row.amount,
      items: this.itemsOf.all(row.invoiceno),
      status: row.status,
      voidReason: row.void_reason,
    };
  }
}
