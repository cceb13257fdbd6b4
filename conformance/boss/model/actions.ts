import fc from 'fast-check';
import type { LedgerModel, Status } from './state.ts';
import type { ModelRequest } from './step.ts';

/** Request fields in body order, per TXCODE (boss-bank/1). [bank-interface §4] */
const FIELD_ORDER: Readonly<Record<string, readonly string[]>> = {
  '1001': ['CUSTNO'],
  '1002': ['CUSTNO', 'AMOUNT', 'PAYTYPE'],
  '1003': ['CUSTNO', 'ACCTNO', 'ACCTNAME'],
  '1004': ['CUSTNO', 'ACCTNO'],
  '1005': ['ORIGSERIAL', 'CUSTNO', 'AMOUNT'],
  '1006': ['ORIGSERIAL', 'ORIGDATE', 'CUSTNO', 'AMOUNT'],
  '2001': ['CHKDATE', 'COUNT', 'TOTAL'],
  '2002': ['CHKDATE', 'COUNT', 'TOTAL'],
  '3001': ['PAYSERIAL'],
  '3002': ['INVOICENO'],
  '3003': ['INVOICENO', 'REASON'],
};

/** Accounting dates the actions use; the property's BOSS local date is the last of TXDATES. */
export const TXDATES = ['20261122', '20261123'] as const;
/** Reconciliation dates: the two accounting dates and one in the future (→ 3001). */
const CHKDATES = ['20261122', '20261123', '20261124'] as const;
const BANKS = ['ICBC01', 'CCB01', 'ABC01'] as const;
const UNKNOWN_CUSTOMER = 'C99999999';

/** A random transaction, described by choices resolved against the model when it is sent. */
export type LedgerAction =
  | { readonly kind: 'query'; readonly cust: number; readonly bank: number }
  | { readonly kind: 'pay'; readonly cust: number; readonly amount: number; readonly date: number; readonly bank: number }
  | { readonly kind: 'delete'; readonly pick: number; readonly mismatch: boolean; readonly otherDate: boolean }
  | { readonly kind: 'makeup'; readonly pick: number | null; readonly cust: number; readonly amount: number; readonly date: number; readonly mismatch: boolean }
  | { readonly kind: 'agree'; readonly cust: number; readonly acct: number; readonly bank: number }
  | { readonly kind: 'cancel'; readonly pick: number | null; readonly cust: number; readonly acct: number }
  | { readonly kind: 'reconcile'; readonly txcode: '2001' | '2002'; readonly date: number; readonly exact: boolean }
  | { readonly kind: 'invoice'; readonly pick: number | null }
  | { readonly kind: 'print' | 'void'; readonly pick: number }
  | { readonly kind: 'repeat' | 'reuse'; readonly pick: number };

/** Initial customers for a run: statuses, balances and bills. */
export interface InitialCustomer {
  readonly custno: string;
  readonly name: string;
  readonly address: string;
  readonly status: Status;
  readonly balance: number;
  readonly bills: readonly { readonly month: string; readonly item: string; readonly amount: number }[];
}

const MONTHS = ['202608', '202609', '202610', '202611'];

export function initialCustomers(): fc.Arbitrary<InitialCustomer[]> {
  const customer = fc.record({
    status: fc.constantFrom<Status>('active', 'active', 'active', 'active', 'suspended', 'closed'),
    balance: fc.constantFrom(0, 0, 300),
    basic: fc.array(fc.boolean(), { minLength: MONTHS.length, maxLength: MONTHS.length }),
    data: fc.array(fc.boolean(), { minLength: MONTHS.length, maxLength: MONTHS.length }),
  });
  return fc.array(customer, { minLength: 3, maxLength: 5 }).map((list) =>
    list.map((c, i) => ({
      custno: `C0000${100 + i}`,
      name: `CUSTOMER ${i}`,
      address: `NO ${i} TEST RD`,
      status: c.status,
      balance: c.balance,
      bills: MONTHS.flatMap((month, m) => [
        ...(c.basic[m] ? [{ month, item: 'BASIC', amount: 2250 }] : []),
        ...(c.data[m] ? [{ month, item: 'DATA', amount: 1000 }] : []),
      ]),
    })),
  );
}

export function ledgerActions(): fc.Arbitrary<LedgerAction> {
  // index past the last customer → the unknown customer (2001)
  const cust = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 2 }) }, { weight: 1, arbitrary: fc.nat({ max: 5 }) });
  const amount = fc.oneof(fc.constantFrom(1, 1000, 2250, 3250, 4500), fc.integer({ min: 1, max: 12000 }));
  const date = fc.nat({ max: TXDATES.length - 1 });
  const bank = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(2) });
  const pick = fc.nat({ max: 50 });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('query' as const), cust, bank }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), cust, amount, date, bank }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick, mismatch: fc.boolean(), otherDate: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('makeup' as const), pick: fc.option(pick), cust, amount, date, mismatch: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('agree' as const), cust, acct: fc.nat({ max: 1 }), bank }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.option(pick), cust, acct: fc.nat({ max: 1 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('reconcile' as const), txcode: fc.constantFrom('2001' as const, '2002' as const), date: fc.nat({ max: CHKDATES.length - 1 }), exact: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('invoice' as const), pick: fc.option(pick, { freq: 8 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('print' as const, 'void' as const), pick }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('repeat' as const, 'reuse' as const), pick }) },
  );
}

export interface RequestMaker {
  /** Requests sent so far, for repeats. */
  readonly sent: readonly ModelRequest[];
  /** A fresh BANKSERIAL. */
  nextSerial(): string;
}

/** The request an action stands for in the current model, or undefined when it has nothing to act on. */
export function requestFor(action: LedgerAction, model: LedgerModel, maker: RequestMaker): ModelRequest | undefined {
  const custnos = Object.keys(model.customers).sort();
  const custno = (i: number): string => custnos[i] ?? UNKNOWN_CUSTOMER;
  const make = (txcode: string, fields: Record<string, string>, header: { bankcode?: string; txdate?: string; bankSerial?: string; txtime?: string } = {}): ModelRequest => {
    const bankcode = header.bankcode ?? 'ICBC01';
    const bankSerial = header.bankSerial ?? maker.nextSerial();
    const txdate = header.txdate ?? TXDATES[TXDATES.length - 1]!;
    const txtime = header.txtime ?? '101500';
    const values = (FIELD_ORDER[txcode] ?? []).map((name) => fields[name] ?? '');
    const body = [txcode, bankcode, bankSerial, txdate, txtime, 'T01', ...values].join('|') + '|';
    return { txcode, bankcode, bankSerial, txdate, txtime, teller: 'T01', fields, body, peer: '127.0.0.1' };
  };
  const pickOf = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
  switch (action.kind) {
    case 'query':
      return make('1001', { CUSTNO: custno(action.cust) }, { bankcode: BANKS[action.bank] });
    case 'pay':
      return make('1002', { CUSTNO: custno(action.cust), AMOUNT: String(action.amount), PAYTYPE: '1' }, { bankcode: BANKS[action.bank], txdate: TXDATES[action.date] });
    case 'delete': {
      const payment = pickOf(model.payments, action.pick);
      if (!payment) return undefined;
      return make(
        '1005',
        { ORIGSERIAL: payment.bankSerial, CUSTNO: payment.custno, AMOUNT: String(payment.amount + (action.mismatch ? 1 : 0)) },
        { bankcode: payment.bankcode, txdate: action.otherDate ? TXDATES.find((d) => d !== payment.txdate) : payment.txdate },
      );
    }
    case 'makeup': {
      const payment = action.pick === null ? undefined : pickOf(model.payments, action.pick);
      if (payment) {
        return make('1006', { ORIGSERIAL: payment.bankSerial, ORIGDATE: payment.txdate, CUSTNO: payment.custno, AMOUNT: String(payment.amount + (action.mismatch ? 1 : 0)) }, { bankcode: payment.bankcode });
      }
      return make('1006', { ORIGSERIAL: maker.nextSerial(), ORIGDATE: TXDATES[action.date]!, CUSTNO: custno(action.cust), AMOUNT: String(action.amount) });
    }
    case 'agree':
      return make('1003', { CUSTNO: custno(action.cust), ACCTNO: `62220${action.acct}`, ACCTNAME: 'HOLDER' }, { bankcode: BANKS[action.bank] });
    case 'cancel': {
      // mostly an agreement that exists (from any bank), sometimes a guess
      const agreement = action.pick === null ? undefined : pickOf(model.agreements, action.pick);
      if (agreement) return make('1004', { CUSTNO: agreement.custno, ACCTNO: agreement.acctno });
      return make('1004', { CUSTNO: custno(action.cust), ACCTNO: `62220${action.acct}` });
    }
    case 'reconcile': {
      const chkdate = CHKDATES[action.date]!;
      const kind = action.txcode === '2001' ? ['realtime', 'makeup'] : ['withholding'];
      const entries = model.payments.filter((p) => p.bankcode === 'ICBC01' && p.txdate === chkdate && !p.reversed && kind.includes(p.channel));
      const total = entries.reduce((sum, p) => sum + p.amount, 0) + (action.exact ? 0 : 1);
      return make(action.txcode, { CHKDATE: chkdate, COUNT: String(entries.length), TOTAL: String(total) });
    }
    case 'invoice': {
      const payment = action.pick === null ? undefined : pickOf(model.payments, action.pick);
      return make('3001', { PAYSERIAL: payment?.bossSerial ?? 'B2026112399999999' }, { bankcode: payment?.bankcode ?? 'ICBC01' });
    }
    case 'print':
    case 'void': {
      const invoice = pickOf(model.invoices, action.pick);
      if (!invoice) return undefined;
      return action.kind === 'print' ? make('3002', { INVOICENO: invoice.invoiceNo }) : make('3003', { INVOICENO: invoice.invoiceNo, REASON: 'VOID' });
    }
    case 'repeat':
    case 'reuse': {
      const previous = pickOf(maker.sent, action.pick);
      if (!previous) return undefined;
      if (action.kind === 'repeat') return previous;
      // the same key with another body: only TXTIME differs [§5]
      return make(previous.txcode, previous.fields, { bankcode: previous.bankcode, txdate: previous.txdate, bankSerial: previous.bankSerial, txtime: previous.txtime === '101500' ? '101501' : '101500' });
    }
  }
}
