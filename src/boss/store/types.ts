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
  PostedEntry,
  PostedPayment,
  ReconciliationInput,
  ReversalInput,
  ReversalRecord,
  SaveMode,
  SerialSpec,
  WithholdingDue,
} from './records.ts';

export type * from './records.ts';
export { CHANNELS_OF } from './records.ts';

/**
 * The BOSS ledger as the service and the batch side see it, whatever database holds it. Everything
 * is asynchronous at this boundary: an implementation over a network database returns promises, the
 * SQLite one plain values, and callers `await` both alike. Nothing of a driver leaks through here.
 */
export type Awaitable<T> = T | PromiseLike<T>;

export interface UnitOptions {
  /**
   * The unit's effect must be on stable storage before `unit` resolves. [bank-interface §5: a 0000 to
   * 1002, 1005, 1006, 2001, 2002, 3001–3003 is sent only after a durable commit]
   */
  readonly durable: boolean;
  /**
   * Milliseconds since the epoch on the store's clock. A unit that has not started by then is not run
   * and rejects with `DeadlineError` (nothing applied); a unit already started is awaited. [§1, §6 9999]
   */
  readonly deadline?: number;
}

/** Read-only questions to the ledger, answered from one consistent snapshot. */
export interface LedgerView {
  bank(bankcode: string): Awaitable<BankRecord | undefined>;
  banks(): Awaitable<readonly BankRecord[]>;
  customer(custno: string): Awaitable<CustomerRecord | undefined>;
  /** Bills with something left to pay, oldest month first (then item): the order payments settle them. [§4] */
  outstandingBills(custno: string): Awaitable<readonly BillRecord[]>;
  /** Sum of what is left to pay on every bill (0 for an unknown customer). */
  arrears(custno: string): Awaitable<number>;
  exchange(key: ExchangeKey): Awaitable<ExchangeRecord | undefined>;
  /** A payment by its bank key (any channel, posted or reversed). */
  paymentByBankSerial(key: ExchangeKey): Awaitable<PaymentRecord | undefined>;
  paymentBySerial(bossSerial: string): Awaitable<PaymentRecord | undefined>;
  /** Every payment of a bank under one BANKSERIAL, whatever its date (any channel, posted or reversed), by date. */
  paymentsByBankSerial(bankcode: string, bankSerial: string): Awaitable<readonly PaymentRecord[]>;
  /** How a payment was split, in the order applied. */
  allocations(bossSerial: string): Awaitable<readonly Allocation[]>;
  /** The customer's one active withholding agreement, if any. */
  activeAgreement(custno: string): Awaitable<AgreementRecord | undefined>;
  /** Count and sum of a bank's posted (not reversed) entries of one kind for one accounting date. */
  entryTotals(query: EntryQuery): Awaitable<EntryTotals>;
  /** True once a reconciliation of that bank, date and kind answered RESULT `0`. [§4] */
  isReconciled(query: EntryQuery): Awaitable<boolean>;
  invoice(invoiceNo: string): Awaitable<InvoiceRecord | undefined>;
  invoiceForPayment(paymentSerial: string): Awaitable<InvoiceRecord | undefined>;
}

/** The ledger inside a unit of work: the view plus every change the BOSS makes. */
export interface LedgerTransaction extends LedgerView {
  /** Returns true when something was written (always, for `replace`). */
  saveBank(bank: BankRecord, mode: SaveMode): Awaitable<boolean>;
  /** `replace` updates name, address and status; the balance is only set when the customer is created. */
  saveCustomer(customer: CustomerInput, mode: SaveMode): Awaitable<boolean>;
  /** Adds a bill unless (custno, month, item) exists; returns true when added. */
  addBill(bill: BillInput): Awaitable<boolean>;
  /** The next `prefix + date + 8 digits` of the (prefix, date) counter, starting at 00000001. */
  nextSerial(spec: SerialSpec): Awaitable<string>;
  recordExchange(record: ExchangeRecord): Awaitable<void>;
  /**
   * Credits a customer: outstanding bills oldest month first, the rest to the prepaid balance. [§4 1002]
   * Throws `UnknownCustomerError`, `DuplicatePaymentError` (bank key taken) or `LedgerRuleError` (amount).
   * Does not check the customer's status or reconciliation: those are the caller's rules.
   */
  postPayment(input: PaymentInput): Awaitable<PostedPayment>;
  /**
   * Undoes exactly a payment's allocations and marks it reversed. [§4 1005: restores arrears/balance]
   * Throws `PaymentNotFoundError`, or `LedgerRuleError` when it is already reversed.
   */
  reversePayment(input: ReversalInput): Awaitable<ReversalRecord>;
  /** Throws `LedgerRuleError` when the customer already has an active agreement. */
  createAgreement(input: AgreementInput): Awaitable<AgreementRecord>;
  cancelAgreement(agreementSerial: string, cancelledOn: string): Awaitable<AgreementRecord>;
  recordReconciliation(input: ReconciliationInput): Awaitable<void>;
  /** Throws `LedgerRuleError` when the payment already has an invoice. */
  createInvoice(input: InvoiceInput): Awaitable<InvoiceRecord>;
  setInvoiceStatus(invoiceNo: string, status: InvoiceStatus, voidReason?: string): Awaitable<InvoiceRecord>;
}

export interface BossStore {
  /**
   * Runs `work` as one atomic unit: all of its changes commit, or none (when it throws, when the
   * commit fails, or when its deadline passed before it started). Resolves only after the commit has
   * returned, so an answer built inside is never sent for an uncommitted effect. [§5]
   */
  unit<T>(work: (tx: LedgerTransaction) => Awaitable<T>, options: UnitOptions): Promise<T>;
  /** Runs `work` over a snapshot of committed data. */
  read<T>(work: (view: LedgerView) => Awaitable<T>): Promise<T>;
  /**
   * A bank's posted entries of one kind and accounting date, by BANKSERIAL in byte order, streamed
   * from a snapshot so that a million of them never sit in memory at once. [§7 detail reconciliation]
   */
  postedEntries(query: EntryQuery): AsyncIterable<PostedEntry>;
  /** The bank's active withholding agreements with their customers' arrears, by CUSTNO. [§7 DK] */
  withholdingDue(bankcode: string): Promise<readonly WithholdingDue[]>;
  /** Waits for queued units, then releases the database. */
  close(): Promise<void>;
}

