import { isIP } from 'node:net';
import { checkValue } from '../../src/boss/codec/format.ts';
import type { FieldFormat, Profile } from '../../src/boss/profile/types.ts';
import { InputError } from '../../src/core/errors.ts';
import { RESTRICTABLE_TXCODES, type BossTargetData } from './target-data.ts';

/** Where a key of the target data came from, as an InputError names it: `--bank`, `--data FILE: bank`, ... */
export type DataSource = (key: keyof BossTargetData) => string;

export const DEFAULT_DATA_SOURCE: DataSource = (key) => `target data ${key}`;

/** A field a value travels in (or is compared with), and its format. */
interface FieldUse {
  readonly where: string;
  readonly format: FieldFormat;
}

/**
 * Holds every value of the target data to the profile's format of each field it is sent in (or, for
 * the named customer's name and address, compared with) before any case runs: a value the profile
 * cannot carry would otherwise fail every case as if the BOSS were at fault. Throws an InputError
 * naming the option or data key. [bank-interface §2, §3, §4]
 */
export function checkTargetData(profile: Profile, data: BossTargetData, source: DataSource = DEFAULT_DATA_SOURCE): void {
  const fits = (key: keyof BossTargetData, value: string, uses: readonly FieldUse[]): void => {
    for (const use of uses) {
      const problem = checkValue(use.format, value, profile.body.separator);
      if (problem !== undefined) throw new InputError(source(key), `"${value}" ${problem}, so it cannot be ${use.where} of profile ${profile.profile}`);
    }
  };
  const bankcode = headerField(profile, 'BANKCODE');
  for (const key of ['bank', 'restrictedBank', 'foreignBank', 'unknownBank'] as const) {
    const value = data[key];
    if (value !== undefined) fits(key, value, bankcode);
  }

  fits('unknownTxcode', data.unknownTxcode, headerField(profile, profile.request.txcodeField));
  if (profile.transactions[data.unknownTxcode]) throw new InputError(source('unknownTxcode'), `${data.unknownTxcode} is a TXCODE of profile ${profile.profile}; name one it does not define`);
  if (!(RESTRICTABLE_TXCODES as readonly string[]).includes(data.restrictedTxcode) || !profile.transactions[data.restrictedTxcode]) {
    throw new InputError(source('restrictedTxcode'), `"${data.restrictedTxcode}" is not one of ${RESTRICTABLE_TXCODES.join(', ')} in profile ${profile.profile} (the requests the suite can build)`);
  }

  const custno = transactionFields(profile, 'request', 'CUSTNO');
  fits('namedCustomer', data.namedCustomer.custno, custno);
  fits('namedCustomer', data.namedCustomer.name, transactionFields(profile, 'response', 'CUSTNAME', '1001'));
  fits('namedCustomer', data.namedCustomer.address, transactionFields(profile, 'response', 'ADDRESS', '1001'));
  for (const key of ['balanceCustomer', 'agreementCustomer', 'suspendedCustomer', 'closedCustomer', 'unknownCustomer'] as const) {
    const value = data[key];
    if (value !== undefined) fits(key, value, custno);
  }
  for (const value of data.billedCustomers) fits('billedCustomers', value, custno);

  for (const value of data.agreementAccounts) fits('agreementAccounts', value, transactionFields(profile, 'request', 'ACCTNO'));
  if (data.accountName !== undefined) fits('accountName', data.accountName, transactionFields(profile, 'request', 'ACCTNAME'));
  if (isIP(data.offListAddress) !== 4) throw new InputError(source('offListAddress'), `"${data.offListAddress}" is not an IPv4 address (one of this machine's that no bank is bound to)`);
}

function headerField(profile: Profile, name: string): FieldUse[] {
  const def = profile.request.header.find((f) => f.name === name);
  return def ? [{ where: `the request header's ${name}`, format: def.format }] : [];
}

/** Every top-level field called `name` on that side of the profile's transactions (or of one of them). */
function transactionFields(profile: Profile, side: 'request' | 'response', name: string, txcode?: string): FieldUse[] {
  const uses: FieldUse[] = [];
  for (const [code, transaction] of Object.entries(profile.transactions)) {
    if (txcode !== undefined && code !== txcode) continue;
    for (const element of transaction[side]) {
      if (element.kind === 'field' && element.name === name) uses.push({ where: `${name} of a ${code} ${side}`, format: element.format });
    }
  }
  return uses;
}
