import type { BankRecord, BillInput, CustomerInput } from './store/records.ts';
import type { BossStore, LedgerTransaction } from './store/types.ts';

/** Every TXCODE of bank-interface §4. */
export const ALL_TXCODES = ['1001', '1002', '1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003'] as const;

/** The bulk customers C00020001..C00020200. */
const BULK_FIRST = 20001;
const BULK_COUNT = 200;
const BULK_MONTHS = ['202609', '202610', '202611'] as const;

/**
 * The demo data conformance, the bank emulator and the tests rely on. [brief: demo data]
 * Numbers are fen; the §8 example (ZHANG SAN, two BASIC months of 2250) is `customers.zhangSan`.
 */
export const DEMO = {
  /** The date the demo agreements are created on (their serials are `A` + this + sequence). */
  seedDate: '20261101',
  banks: {
    icbc: 'ICBC01',
    ccb: 'CCB01',
    abc: 'ABC01',
  },
  /** ICBC01 may use every TXCODE, CCB01 only these, ABC01 every one but only from 192.0.2.1. */
  ccbTxcodes: ['1001', '1002'],
  addresses: {
    local: '127.0.0.1',
    /** TEST-NET-1: ABC01's only address, so ABC01 from 127.0.0.1 is 1003. */
    abc: '192.0.2.1',
    /** No bank is bound to it: off the allow-list. */
    unbound: '127.0.0.2',
  },
  icbcFtp: { user: 'icbc01', password: 'icbc01' },
  customers: {
    /** Active; bills 202610 BASIC 2250 and 202611 BASIC 2250 (spec §8). */
    zhangSan: 'C00012345',
    /** Suspended; bill 202611 BASIC 2250 (→ 2002). */
    liSi: 'C00012346',
    /** Closed (→ 2002). */
    wangWu: 'C00012347',
    /** Active, no bills, balance 0. */
    zhaoLiu: 'C00012348',
    /** Not in the ledger (→ 2001). */
    unknown: 'C99999999',
  },
  bulk: { first: `C000${BULK_FIRST}`, last: `C000${BULK_FIRST + BULK_COUNT - 1}`, count: BULK_COUNT },
  basicFee: 2250,
  dataFee: 1000,
  /** Account numbers of the bulk agreements: this prefix + the customer's last 5 digits. */
  agreementAccountPrefix: '62220200000',
} as const;

/** What one `seedDemo` call created (all zero when the data was already there). */
export interface SeedSummary {
  readonly banks: number;
  readonly customers: number;
  readonly bills: number;
  readonly agreements: number;
}

export interface DemoCustomer {
  readonly customer: CustomerInput;
  readonly bills: readonly BillInput[];
  readonly agreement?: { readonly acctno: string; readonly acctname: string };
}

export function demoBanks(): BankRecord[] {
  return [
    { bankcode: DEMO.banks.icbc, name: 'ICBC', addresses: [DEMO.addresses.local], txcodes: [...ALL_TXCODES], ftpUser: DEMO.icbcFtp.user, ftpPassword: DEMO.icbcFtp.password },
    { bankcode: DEMO.banks.ccb, name: 'CCB', addresses: [DEMO.addresses.local], txcodes: [...DEMO.ccbTxcodes], ftpUser: 'ccb01', ftpPassword: 'ccb01' },
    { bankcode: DEMO.banks.abc, name: 'ABC', addresses: [DEMO.addresses.abc], txcodes: [...ALL_TXCODES], ftpUser: 'abc01', ftpPassword: 'abc01' },
  ];
}

/** The demo customers with their bills and agreements, deterministic (no randomness). */
export function demoCustomers(): DemoCustomer[] {
  const basic = (custno: string, month: string): BillInput => ({ custno, month, item: 'BASIC', amount: DEMO.basicFee });
  const { zhangSan, liSi, wangWu, zhaoLiu } = DEMO.customers;
  const named: DemoCustomer[] = [
    { customer: { custno: zhangSan, name: 'ZHANG SAN', address: 'NO 8 RENMIN RD', status: 'active' }, bills: [basic(zhangSan, '202610'), basic(zhangSan, '202611')] },
    { customer: { custno: liSi, name: 'LI SI', address: 'NO 9 RENMIN RD', status: 'suspended' }, bills: [basic(liSi, '202611')] },
    { customer: { custno: wangWu, name: 'WANG WU', address: 'NO 10 RENMIN RD', status: 'closed' }, bills: [] },
    { customer: { custno: zhaoLiu, name: 'ZHAO LIU', address: 'NO 11 RENMIN RD', status: 'active' }, bills: [] },
  ];
  const bulk = Array.from({ length: BULK_COUNT }, (_, index): DemoCustomer => {
    const n = index + 1;
    const digits = String(BULK_FIRST + index);
    const custno = `C000${digits}`;
    // 1, 2 or 3 unpaid months, the most recent ones; every second customer also has DATA
    const months = BULK_MONTHS.slice(BULK_MONTHS.length - (1 + (n % 3)));
    const bills = months.flatMap((month) => [basic(custno, month), ...(n % 2 === 0 ? [{ custno, month, item: 'DATA', amount: DEMO.dataFee }] : [])]);
    return {
      customer: { custno, name: `CUSTOMER ${digits}`, address: `NO ${n} ZHONGSHAN RD`, status: 'active' },
      bills,
      ...(n % 4 === 0 ? { agreement: { acctno: `${DEMO.agreementAccountPrefix}${digits}`, acctname: `ACCT${digits}` } } : {}),
    };
  });
  return [...named, ...bulk];
}

/**
 * Writes the demo data in one durable unit. Idempotent: a record that exists is left as it is (a
 * paid bill stays paid), and an agreement is only made together with its newly created customer,
 * so seeding twice changes nothing.
 */
export async function seedDemo(store: BossStore): Promise<SeedSummary> {
  return store.unit(async (tx) => seedInto(tx), { durable: true });
}

async function seedInto(tx: LedgerTransaction): Promise<SeedSummary> {
  let banks = 0;
  let customers = 0;
  let bills = 0;
  let agreements = 0;
  for (const bank of demoBanks()) if (await tx.saveBank(bank, 'ifAbsent')) banks++;
  for (const demo of demoCustomers()) {
    if (!(await tx.saveCustomer(demo.customer, 'ifAbsent'))) continue;
    customers++;
    for (const bill of demo.bills) if (await tx.addBill(bill)) bills++;
    if (demo.agreement) {
      await tx.createAgreement({ custno: demo.customer.custno, bankcode: DEMO.banks.icbc, ...demo.agreement, serial: { prefix: 'A', date: DEMO.seedDate } });
      agreements++;
    }
  }
  return { banks, customers, bills, agreements };
}
