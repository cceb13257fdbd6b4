/**
 * A small pure model of the BOSS ledger, the reference the real service is compared with in a
 * model-based property. It knows nothing of SQLite or the service's code: every rule is written
 * again here from bank-interface §4–§6 and the decisions recorded in docs/boss/ledger.md.
 */

export type Status = 'active' | 'suspended' | 'closed';
export type Kind = 'cash' | 'withholding';

export interface ModelBill {
  readonly month: string;
  readonly item: string;
  readonly amount: number;
  paid: number;
}

export interface ModelCustomer {
  readonly custno: string;
  readonly name: string;
  readonly address: string;
  status: Status;
  balance: number;
  /** Kept in settling order: month, then item. */
  bills: ModelBill[];
}

/** One part of a payment: a bill (month, item) or, with month undefined, the balance. */
export interface ModelPart {
  readonly month?: string;
  readonly item?: string;
  readonly amount: number;
}

export interface ModelPayment {
  readonly bossSerial: string;
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly channel: 'realtime' | 'makeup' | 'withholding';
  reversed: boolean;
  readonly parts: readonly ModelPart[];
}

export interface ModelAgreement {
  readonly serial: string;
  readonly custno: string;
  readonly bankcode: string;
  readonly acctno: string;
  active: boolean;
}

export interface ModelInvoice {
  readonly invoiceNo: string;
  readonly paymentSerial: string;
  readonly bankcode: string;
  readonly custno: string;
  readonly custname: string;
  readonly amount: number;
  readonly items: readonly { readonly item: string; readonly amount: number }[];
  status: 'issued' | 'printed' | 'voided';
}

export interface ModelBank {
  readonly addresses: readonly string[];
  readonly txcodes: readonly string[];
}

/** What the model predicts the service answers (RESPMSG is the service's wording, not compared). */
export interface ModelAnswer {
  readonly txcode: string;
  readonly respCode: string;
  readonly bankSerial: string;
  readonly bossSerial: string;
  readonly fields: Record<string, string>;
  readonly groups: Record<string, Record<string, string>[]>;
}

export interface LedgerModel {
  readonly banks: Readonly<Record<string, ModelBank>>;
  customers: Record<string, ModelCustomer>;
  payments: ModelPayment[];
  agreements: ModelAgreement[];
  /** `bankcode|date|kind` of every reconciliation answered RESULT 0. */
  reconciled: string[];
  invoices: ModelInvoice[];
  /** Stored answers by `bankcode|txdate|bankserial`, with the body they answered. */
  exchanges: Record<string, { readonly body: string; readonly answer: ModelAnswer }>;
  /** Last sequence per prefix + date. */
  counters: Record<string, number>;
}

export function emptyModel(banks: Readonly<Record<string, ModelBank>>): LedgerModel {
  return { banks, customers: {}, payments: [], agreements: [], reconciled: [], invoices: [], exchanges: {}, counters: {} };
}

export function arrearsOf(customer: ModelCustomer): number {
  return customer.bills.reduce((sum, bill) => sum + bill.amount - bill.paid, 0);
}

export function totalsOf(model: LedgerModel, bankcode: string, date: string, kind: Kind): { count: number; total: number } {
  const channels = kind === 'cash' ? ['realtime', 'makeup'] : ['withholding'];
  const entries = model.payments.filter((p) => p.bankcode === bankcode && p.txdate === date && !p.reversed && channels.includes(p.channel));
  return { count: entries.length, total: entries.reduce((sum, p) => sum + p.amount, 0) };
}
