import { encodeDailyFile, fileNameFor, parseFileName, type DailyFile } from '../../src/boss/codec/daily-file.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import type { BankBooks } from './books.ts';
import { totals } from './books.ts';
import { BankEmulatorError } from './errors.ts';

/** A daily file as it goes over FTP: its name and its bytes. */
export interface NamedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** XJMX: the bank's cash (real-time 1002) payments of `date`, from its books. [bank-interface §7] */
export function cashDetailFile(books: BankBooks, date: string): DailyFile {
  const details = books.cashPayments(date).map((e) => ({
    BANKSERIAL: e.request.header.BANKSERIAL ?? '',
    CUSTNO: e.request.fields.CUSTNO ?? '',
    AMOUNT: e.request.fields.AMOUNT ?? '',
    TXTIME: e.request.header.TXTIME ?? '',
    TELLER: e.request.header.TELLER ?? '',
  }));
  const sum = totals(details.map((d) => d.AMOUNT));
  return { layout: 'XJMX', header: { TAG: 'H', DATE: date, COUNT: String(sum.count), TOTAL: sum.total }, details };
}

/** DKMX: the withholding debits the bank made for `date` (the RESULT 0 lines of its YH). [§7] */
export function withholdingDetailFile(books: BankBooks, date: string): DailyFile {
  const details = books.withholdingDebits(date).map((d) => ({ BANKSERIAL: d.bankSerial, CUSTNO: d.custno, ACCTNO: d.acctno, AMOUNT: d.amount, TXTIME: d.txTime }));
  const sum = totals(details.map((d) => d.AMOUNT));
  return { layout: 'DKMX', header: { TAG: 'H', DATE: date, COUNT: String(sum.count), TOTAL: sum.total }, details };
}

/**
 * The file's name (layout and the header's DATE) and bytes, through the codec's encoder. `check:
 * false` lets a fault persona write a header that disagrees with its lines.
 */
export function encodeNamedFile(profile: Profile, file: DailyFile, options: { check?: boolean } = {}): NamedFile {
  const name = fileNameFor(profile, file.layout, file.header.DATE ?? '');
  return { name, bytes: encodeDailyFile(profile, file, { check: options.check ?? true, fileName: name }) };
}

/** The layout and date a file name denotes; a name that fits no layout is refused, naming it. */
export function layoutOfName(profile: Profile, name: string): { layout: string; date: string } {
  const parsed = parseFileName(profile, name);
  if (!parsed) throw new BankEmulatorError('fileName', `"${name}" is not the name of a daily file of ${profile.profile}`);
  return parsed;
}
