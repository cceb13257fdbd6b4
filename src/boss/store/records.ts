/**
 * The records of the BOSS ledger as every store implementation hands them out: plain data, money in
 * integer fen, dates `YYYYMMDD`, months `YYYYMM`, times `HHMMSS`. [bank-interface §2]
 */

export type CustomerStatus = 'active' | 'suspended' | 'closed';
/** How a payment reached the BOSS: 1002 (realtime), 1006 (makeup), a YH results file (withholding). */
export type PaymentChannel = 'realtime' | 'makeup' | 'withholding';
/** The two totals a bank reconciles: cash = realtime + makeup (2001, XJMX), withholding (2002, DKMX). [§4, §7] */
export type EntryKind = 'cash' | 'withholding';
export type PaymentStatus = 'posted' | 'reversed';
export type AgreementStatus = 'active' | 'cancelled';
export type InvoiceStatus = 'issued' | 'printed' | 'voided';
/** What a save does when the record already exists. */
export type SaveMode = 'ifAbsent' | 'replace';

/** The channels whose entries make up each reconciled total. [§4 2001/2002] */
export const CHANNELS_OF: Readonly<Record<EntryKind, readonly PaymentChannel[]>> = {
  cash: ['realtime', 'makeup'],
  withholding: ['withholding'],
};

export interface BankRecord {
  readonly bankcode: string;
  readonly name: string;
  /** The IP addresses this BANKCODE may send from; the union over banks is the allow-list. [§1] */
  readonly addresses: readonly string[];
  /** The TXCODEs enabled for this bank (1001 otherwise). [§6] */
  readonly txcodes: readonly string[];
  /** The bank's FTP account for the daily files. [§7] */
  readonly ftpUser: string;
  readonly ftpPassword: string;
}

export interface CustomerRecord {
  readonly custno: string;
  readonly name: string;
  readonly address: string;
  readonly status: CustomerStatus;
  /** Prepaid balance, fen, never negative. */
  readonly balance: number;
}

/** A customer as saved: the balance is only taken when the customer is created. */
export type CustomerInput = Omit<CustomerRecord, 'balance'> & { readonly balance?: number };

export interface BillRecord {
  readonly custno: string;
  readonly month: string;
  readonly item: string;
  readonly amount: number;
  /** Fen paid so far, 0..amount; the bill is outstanding while paid < amount. */
  readonly paid: number;
}

export interface BillInput {
  readonly custno: string;
  readonly month: string;
  readonly item: string;
  readonly amount: number;
}

export interface PaymentRecord {
  readonly bossSerial: string;
  readonly bankcode: string;
  /** The bank's accounting date; (bankcode, txdate, bankSerial) is unique. [§3] */
  readonly txdate: string;
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  /** PAYTYPE of a 1002 (`1` cash, `2` card); empty for make-ups and withholding. */
  readonly paytype: string;
  readonly channel: PaymentChannel;
  readonly txtime: string;
  readonly teller: string;
  /** The debited account of a withholding posting; empty otherwise. */
  readonly acctno: string;
  readonly status: PaymentStatus;
}

/** One part of a payment: settling (part of) a bill, or going to the prepaid balance. */
export type Allocation =
  | { readonly target: 'bill'; readonly month: string; readonly item: string; readonly amount: number }
  | { readonly target: 'balance'; readonly amount: number };

/** What `postPayment` needs; the BOSSSERIAL is drawn from the (prefix, date) counter. */
export interface PaymentInput {
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly channel: PaymentChannel;
  readonly paytype?: string;
  readonly txtime: string;
  readonly teller?: string;
  readonly acctno?: string;
  /** `B` + the creating request's TXDATE for 1002/1006, `W` + the file's DATE for withholding. */
  readonly serial: SerialSpec;
}

export interface SerialSpec {
  readonly prefix: string;
  readonly date: string;
}

export interface PostedPayment {
  readonly payment: PaymentRecord;
  /** In the order applied: bills oldest month first, then the balance part. */
  readonly allocations: readonly Allocation[];
  /** The customer's prepaid balance after posting. */
  readonly balance: number;
}

export interface ReversalInput {
  /** BOSSSERIAL of the payment to reverse. */
  readonly paymentSerial: string;
  /** The request that reversed it (a 1005, or a reconciliation decision). */
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;
  /** `R` + the reversing request's TXDATE. */
  readonly serial: SerialSpec;
}

export interface ReversalRecord {
  readonly reversalSerial: string;
  readonly paymentSerial: string;
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;
  /** Exactly the payment's allocations, now undone. */
  readonly restored: readonly Allocation[];
  /** The customer's prepaid balance after the reversal. */
  readonly balance: number;
}

export interface AgreementRecord {
  readonly agreementSerial: string;
  readonly custno: string;
  readonly bankcode: string;
  readonly acctno: string;
  readonly acctname: string;
  readonly status: AgreementStatus;
  readonly createdOn: string;
  /** Empty while active. */
  readonly cancelledOn: string;
}

export interface AgreementInput {
  readonly custno: string;
  readonly bankcode: string;
  readonly acctno: string;
  readonly acctname: string;
  /** `A` + the creating request's TXDATE. */
  readonly serial: SerialSpec;
}

export interface EntryTotals {
  readonly count: number;
  readonly total: number;
}

export interface ReconciliationInput {
  readonly bankcode: string;
  readonly chkdate: string;
  readonly kind: EntryKind;
  readonly bank: EntryTotals;
  readonly boss: EntryTotals;
  /** True for RESULT `0`: the date's entries of that kind are reconciled from now on. [§4] */
  readonly matched: boolean;
}

export interface InvoiceItem {
  readonly item: string;
  readonly amount: number;
}

export interface InvoiceRecord {
  readonly invoiceNo: string;
  readonly paymentSerial: string;
  readonly bankcode: string;
  readonly custno: string;
  /** The customer's name when the invoice was issued: a repeated 3001 answers the same. */
  readonly custname: string;
  readonly amount: number;
  readonly items: readonly InvoiceItem[];
  readonly status: InvoiceStatus;
  readonly voidReason: string;
}

export interface InvoiceInput {
  readonly paymentSerial: string;
  readonly bankcode: string;
  readonly custno: string;
  readonly custname: string;
  readonly amount: number;
  readonly items: readonly InvoiceItem[];
  /** `I` + the requesting TXDATE. */
  readonly serial: SerialSpec;
}

/** The idempotency key of a request. [§3 BANKSERIAL unique per (BANKCODE, TXDATE); §5] */
export interface ExchangeKey {
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;
}

/** A processed request and the exact answer sent, so a repeat is answered byte for byte. [§5] */
export interface ExchangeRecord extends ExchangeKey {
  readonly txcode: string;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
  readonly respCode: string;
  readonly bossSerial: string;
}

export interface EntryQuery {
  readonly bankcode: string;
  readonly date: string;
  readonly kind: EntryKind;
}

/** One posted (not reversed) entry as detail reconciliation compares it with a bank's file. [§7] */
export interface PostedEntry {
  readonly bankSerial: string;
  readonly bossSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly channel: PaymentChannel;
  readonly txtime: string;
  readonly teller: string;
  readonly acctno: string;
}

/** An active withholding agreement and what its customer owes: one DK line when arrears > 0. [§7] */
export interface WithholdingDue {
  readonly agreementSerial: string;
  readonly custno: string;
  readonly acctno: string;
  readonly acctname: string;
  readonly arrears: number;
}
