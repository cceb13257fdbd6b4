import { LedgerRuleError, PaymentNotFoundError } from '../errors.ts';
import type {
  AgreementInput,
  AgreementRecord,
  Allocation,
  BankRecord,
  BillInput,
  BillRecord,
  CustomerInput,
  CustomerRecord,
  EntryQuery,
  EntryTotals,
  ExchangeKey,
  ExchangeRecord,
  InvoiceInput,
  InvoiceRecord,
  InvoiceStatus,
  PaymentInput,
  PaymentRecord,
  PostedPayment,
  ReconciliationInput,
  ReversalInput,
  ReversalRecord,
  SaveMode,
  SerialSpec,
  WithholdingDue,
} from '../records.ts';
import type { LedgerTransaction } from '../types.ts';
import { AgreementTable } from './agreements.ts';
import { BankTable } from './banks.ts';
import type { Db } from './connection.ts';
import { CustomerTable } from './customers.ts';
import { CHANGES_UNDONE, TRANSACTION_BEGAN } from './group-commit.ts';
import { ExchangeTable } from './exchanges.ts';
import { InvoiceTable } from './invoices.ts';
import { paymentRecord, PaymentTable } from './payments.ts';
import { postPayment, reversePayment } from './posting.ts';
import { ReconciliationTable } from './reconciliations.ts';
import { SerialTable } from './serials.ts';

/**
 * The ledger's domain operations on one better-sqlite3 connection, statements prepared once. Every
 * method is synchronous (the interface allows values or promises); atomicity comes from the unit of
 * work around the calls, never from here.
 */
export class SqliteLedger implements LedgerTransaction {
  private readonly bankTable;
  private readonly customers;
  private readonly payments;
  private readonly serials;
  private readonly exchanges;
  private readonly agreements;
  private readonly reconciliations;
  private readonly invoices;
  private readonly dataVersion;
  /**
   * Banks as read in this connection's write transactions, kept while nothing can have changed them:
   * only for the write connection (caching starts with the first batch transaction), emptied when
   * another connection committed (PRAGMA data_version moved), when this one saves a bank, and when
   * changes are rolled back. Every request reads its bank; the banks almost never change.
   */
  private bankCache: Map<string, BankRecord | undefined> | undefined;
  private lastDataVersion = -1;

  constructor(db: Db) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.bankTable = new BankTable(db);
    this.customers = new CustomerTable(db);
    this.payments = new PaymentTable(db);
    this.serials = new SerialTable(db);
    this.exchanges = new ExchangeTable(db);
    this.agreements = new AgreementTable(db);
    this.reconciliations = new ReconciliationTable(db);
    this.invoices = new InvoiceTable(db);
  }

  bank(bankcode: string): BankRecord | undefined {
    const cache = this.bankCache;
    if (cache === undefined) return this.bankTable.get(bankcode);
    if (cache.has(bankcode)) return cache.get(bankcode);
    const bank = this.bankTable.get(bankcode);
    const kept = bank && Object.freeze({ ...bank, addresses: Object.freeze([...bank.addresses]), txcodes: Object.freeze([...bank.txcodes]) });
    cache.set(bankcode, kept);
    return kept;
  }

  /** The group commit began a write transaction: the lock is held, so the cache is safe until it ends. */
  [TRANSACTION_BEGAN](): void {
    const version = this.dataVersion.get() ?? -1;
    if (this.bankCache === undefined || version !== this.lastDataVersion) this.bankCache = new Map();
    this.lastDataVersion = version;
  }

  /** A unit or a batch was rolled back: what it wrote (a bank, perhaps) is gone. */
  [CHANGES_UNDONE](): void {
    this.bankCache?.clear();
  }

  banks(): readonly BankRecord[] {
    return this.bankTable.list();
  }

  customer(custno: string): CustomerRecord | undefined {
    return this.customers.get(custno);
  }

  outstandingBills(custno: string): readonly BillRecord[] {
    return this.customers.outstandingRecords(custno);
  }

  arrears(custno: string): number {
    return this.customers.arrears(custno);
  }

  exchange(key: ExchangeKey): ExchangeRecord | undefined {
    return this.exchanges.get(key);
  }

  paymentByBankSerial(key: ExchangeKey): PaymentRecord | undefined {
    const payment = this.payments.byBankKey(key.bankcode, key.txdate, key.bankSerial);
    return payment && paymentRecord(payment);
  }

  paymentBySerial(bossSerial: string): PaymentRecord | undefined {
    const payment = this.payments.byBossSerial(bossSerial);
    return payment && paymentRecord(payment);
  }

  paymentsByBankSerial(bankcode: string, bankSerial: string): readonly PaymentRecord[] {
    return this.payments.allByBankSerial(bankcode, bankSerial).map(paymentRecord);
  }

  allocations(bossSerial: string): readonly Allocation[] {
    const payment = this.payments.byBossSerial(bossSerial);
    return payment ? this.payments.allocations(payment.id).map((s) => s.allocation) : [];
  }

  activeAgreement(custno: string): AgreementRecord | undefined {
    return this.agreements.activeOf(custno);
  }

  entryTotals(query: EntryQuery): EntryTotals {
    return this.payments.totals(query);
  }

  isReconciled(query: EntryQuery): boolean {
    return this.reconciliations.isReconciled(query);
  }

  invoice(invoiceNo: string): InvoiceRecord | undefined {
    return this.invoices.get(invoiceNo);
  }

  invoiceForPayment(paymentSerial: string): InvoiceRecord | undefined {
    return this.invoices.forPayment(paymentSerial);
  }

  saveBank(bank: BankRecord, mode: SaveMode): boolean {
    this.bankCache?.clear();
    return this.bankTable.save(bank, mode);
  }

  saveCustomer(customer: CustomerInput, mode: SaveMode): boolean {
    return this.customers.save(customer, mode);
  }

  addBill(bill: BillInput): boolean {
    return this.customers.addBill(bill);
  }

  nextSerial(spec: SerialSpec): string {
    return this.serials.next(spec);
  }

  recordExchange(record: ExchangeRecord): void {
    this.exchanges.record(record);
  }

  postPayment(input: PaymentInput): PostedPayment {
    return postPayment(this.tables, input);
  }

  reversePayment(input: ReversalInput): ReversalRecord {
    return reversePayment(this.tables, input);
  }

  createAgreement(input: AgreementInput): AgreementRecord {
    const existing = this.agreements.activeOf(input.custno);
    if (existing) throw new LedgerRuleError('CUSTNO', `${input.custno} already has agreement ${existing.agreementSerial}`);
    const agreementSerial = this.serials.next(input.serial);
    return this.agreements.create({ ...input, agreementSerial, createdOn: input.serial.date });
  }

  cancelAgreement(agreementSerial: string, cancelledOn: string): AgreementRecord {
    return this.agreements.cancelBySerial(agreementSerial, cancelledOn);
  }

  recordReconciliation(input: ReconciliationInput): void {
    this.reconciliations.record(input);
  }

  createInvoice(input: InvoiceInput): InvoiceRecord {
    const payment = this.payments.byBossSerial(input.paymentSerial);
    if (!payment) throw new PaymentNotFoundError(input.paymentSerial);
    const existing = this.invoices.forPayment(input.paymentSerial);
    if (existing) throw new LedgerRuleError('PAYSERIAL', `${input.paymentSerial} already has invoice ${existing.invoiceNo}`);
    const itemsTotal = input.items.reduce((sum, item) => sum + item.amount, 0);
    if (payment.bankcode !== input.bankcode || payment.custno !== input.custno || payment.amount !== input.amount || itemsTotal !== payment.amount) {
      throw new LedgerRuleError('items', `invoice for ${payment.custno} ${payment.amount} fen given as ${input.custno} ${input.amount}, items ${itemsTotal}`);
    }
    const invoiceNo = this.serials.next(input.serial);
    this.invoices.create(invoiceNo, payment.id, input.custname, input.items);
    const created = this.invoices.get(invoiceNo);
    if (!created) throw new LedgerRuleError('INVOICENO', `${invoiceNo} vanished`);
    return created;
  }

  setInvoiceStatus(invoiceNo: string, status: InvoiceStatus, voidReason = ''): InvoiceRecord {
    return this.invoices.changeStatus(invoiceNo, status, voidReason);
  }

  withholdingDue(bankcode: string): WithholdingDue[] {
    return this.agreements.dueFor(bankcode);
  }

  /** The tables posting needs (posting.ts takes them as a plain object). */
  get tables(): { customers: CustomerTable; payments: PaymentTable; serials: SerialTable } {
    return { customers: this.customers, payments: this.payments, serials: this.serials };
  }
}
