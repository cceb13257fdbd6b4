import { InputError } from '../../src/core/errors.ts';

/**
 * What the BOSS under test must hold for the suite to reach every answer from outside. The defaults
 * are the demo data `seedDemo` creates (docs/boss/conformance.md, "What the target must hold"); an
 * integrator whose BOSS holds other codes overrides them with `--bank` or a `--data` file.
 * `checkTargetData` (target-data-check.ts) holds every value to the profile's formats before a run.
 */
export interface BossTargetData {
  /** Bank with every TXCODE enabled, bound to the address the suite connects from (ICBC01). */
  readonly bank: string;
  /** Bank bound to this address with only some TXCODEs enabled (CCB01: 1001 and 1002). */
  readonly restrictedBank?: string;
  /** A TXCODE the restricted bank is not enabled for: one of RESTRICTABLE_TXCODES (1003). */
  readonly restrictedTxcode: string;
  /** Bank known to the BOSS but bound to other addresses only (ABC01 on 192.0.2.1). */
  readonly foreignBank?: string;
  /** A BANKCODE the BOSS does not know. */
  readonly unknownBank: string;
  /** A 4-digit TXCODE the profile does not define. */
  readonly unknownTxcode: string;
  /** An active customer whose name and address the 1001 answer must show (ZHANG SAN). */
  readonly namedCustomer: { readonly custno: string; readonly name: string; readonly address: string };
  /** An active customer without bills (ZHAO LIU): payments to it become prepaid balance. */
  readonly balanceCustomer: string;
  /** An active customer without a withholding agreement of `bank` at the start of a run (ZHAO LIU). */
  readonly agreementCustomer: string;
  /** Two account numbers the suite may register and cancel for `agreementCustomer`. */
  readonly agreementAccounts: readonly [string, string];
  /**
   * ACCTNAME of the suite's 1003 notices. §4 leaves its relation to the customer open and a BOSS may
   * compare it with the customer's name, so by default it is `agreementCustomer`'s CUSTNAME as 1001 gives it.
   */
  readonly accountName?: string;
  /** Active customers that may have unpaid bills; cases that need arrears take the first that has them. */
  readonly billedCustomers: readonly string[];
  readonly suspendedCustomer?: string;
  readonly closedCustomer?: string;
  /** A CUSTNO the BOSS does not know. */
  readonly unknownCustomer: string;
  /**
   * The newest of the three days before the business date the suite dates requests on and reconciles
   * for good (run-dates.ts); by default the day before the business date.
   */
  readonly reconcileDate?: string;
  /** A local IPv4 address no bank is bound to, for BOSS-ALLOW-001 (127.0.0.2). */
  readonly offListAddress: string;
}

/** TXCODEs the suite can send as the restricted bank (BOSS-RESP-1001-002): requests it knows how to build. */
export const RESTRICTABLE_TXCODES = ['1003', '1005', '3001'] as const;

/** The demo data of `seedDemo` (issue 4 brief, "Demo data"). */
export const DEMO_TARGET_DATA: BossTargetData = {
  bank: 'ICBC01',
  restrictedBank: 'CCB01',
  restrictedTxcode: '1003',
  foreignBank: 'ABC01',
  unknownBank: 'NOBANK99',
  unknownTxcode: '9001',
  namedCustomer: { custno: 'C00012345', name: 'ZHANG SAN', address: 'NO 8 RENMIN RD' },
  balanceCustomer: 'C00012348',
  agreementCustomer: 'C00012348',
  agreementAccounts: ['6222999900000001', '6222999900000002'],
  billedCustomers: ['C00012345', ...Array.from({ length: 200 }, (_, i) => `C${String(20001 + i).padStart(8, '0')}`)],
  suspendedCustomer: 'C00012346',
  closedCustomer: 'C00012347',
  unknownCustomer: 'C99999999',
  offListAddress: '127.0.0.2',
};

const STRING_KEYS = [
  'bank',
  'restrictedBank',
  'restrictedTxcode',
  'foreignBank',
  'unknownBank',
  'unknownTxcode',
  'balanceCustomer',
  'agreementCustomer',
  'accountName',
  'suspendedCustomer',
  'closedCustomer',
  'unknownCustomer',
  'reconcileDate',
  'offListAddress',
] as const;
/** Keys that may be null: the BOSS holds no such thing (cases not applicable), or the default applies. */
const OPTIONAL_KEYS = new Set<string>(['restrictedBank', 'foreignBank', 'suspendedCustomer', 'closedCustomer', 'accountName', 'reconcileDate']);

/**
 * The demo data with the keys of `document` (a parsed `--data` file) put over it. An optional key set
 * to null says the BOSS holds no such thing (the cases that need it are not applicable), or, for
 * `accountName` and `reconcileDate`, that the default applies. Only the shape is checked here; the
 * values against the profile by `checkTargetData`.
 */
export function targetDataFrom(document: unknown, source = '--data'): BossTargetData {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new InputError(source, 'must hold a JSON object');
  const input = document as Record<string, unknown>;
  const data: Record<string, unknown> = { ...DEMO_TARGET_DATA };
  const known = new Set<string>([...STRING_KEYS, 'namedCustomer', 'agreementAccounts', 'billedCustomers']);
  for (const [key, value] of Object.entries(input)) {
    if (!known.has(key)) throw new InputError(`${source} ${key}`, `not a key of the target data (${[...known].join(', ')})`);
    if (value === null && OPTIONAL_KEYS.has(key)) {
      delete data[key];
      continue;
    }
    data[key] = checked(key, value, `${source} ${key}`);
  }
  return data as unknown as BossTargetData;
}

function checked(key: string, value: unknown, where: string): unknown {
  const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (key === 'namedCustomer') {
    const v = value as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null || !isText(v.custno) || typeof v.name !== 'string' || typeof v.address !== 'string') {
      throw new InputError(where, 'must be { "custno": "...", "name": "...", "address": "..." }');
    }
    return { custno: v.custno, name: v.name, address: v.address };
  }
  if (key === 'agreementAccounts') {
    if (!Array.isArray(value) || value.length !== 2 || !value.every(isText) || value[0] === value[1]) throw new InputError(where, 'must be two different account numbers');
    return [value[0], value[1]];
  }
  if (key === 'billedCustomers') {
    if (!Array.isArray(value) || value.length === 0 || !value.every(isText)) throw new InputError(where, 'must be a non-empty list of CUSTNOs');
    return [...value];
  }
  if (!isText(value)) throw new InputError(where, 'must be a non-empty string');
  return value;
}
