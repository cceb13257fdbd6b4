import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BankHome } from '../../../../src/boss/ftp/bank-homes.ts';

/** Lines joined with CRLF, each ended by it, as bytes. [bank-interface §7] */
export function crlf(...lines: string[]): Uint8Array {
  return Uint8Array.from(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1'));
}

/** An XJMX or DKMX file body with a correct header: `H|date|count|total|`. */
export function detailFile(date: string, details: string[], amountField: number): Uint8Array {
  const total = details.reduce((sum, line) => sum + Number(line.split('|')[amountField]), 0);
  return crlf(`H|${date}|${details.length}|${total}|`, ...details);
}

/** XJMX detail: BANKSERIAL|CUSTNO|AMOUNT|TXTIME|TELLER| */
export function xjmx(date: string, lines: readonly (readonly [serial: string, custno: string, amount: number])[]): Uint8Array {
  return detailFile(date, lines.map(([s, c, a]) => `${s}|${c}|${a}|101500|T01|`), 2);
}

/** DKMX detail: BANKSERIAL|CUSTNO|ACCTNO|AMOUNT|TXTIME| */
export function dkmx(date: string, lines: readonly (readonly [serial: string, custno: string, acctno: string, amount: number])[]): Uint8Array {
  return detailFile(date, lines.map(([s, c, n, a]) => `${s}|${c}|${n}|${a}|020000|`), 3);
}

/** YH detail: SEQ|CUSTNO|ACCTNO|AMOUNT|RESULT|BANKSERIAL|; SUCCESSTOTAL sums RESULT 0. */
export function yh(date: string, lines: readonly (readonly [seq: number, custno: string, acctno: string, amount: number, result: string, serial: string])[]): Uint8Array {
  const success = lines.filter((l) => l[4] === '0').reduce((sum, l) => sum + l[3], 0);
  return crlf(`H|${date}|${lines.length}|${success}|`, ...lines.map((l) => `${l.join('|')}|`));
}

/** Puts a file into the bank's `in/`, then (by default) its flag, as a bank would. */
export async function deliver(bank: BankHome, name: string, bytes: Uint8Array, options: { flag?: boolean } = {}): Promise<void> {
  await writeFile(join(bank.inDir, name), bytes);
  if (options.flag !== false) await writeFile(join(bank.inDir, `${name}.OK`), '');
}
