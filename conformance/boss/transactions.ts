import type { BossMessage } from '../../src/boss/codec/message.ts';
import { check, checkEqual } from '../framework/case.ts';
import { bossSerialOf, checkEchoed, expectCodeIn, expectSuccess, field, numberField } from './answers.ts';
import type { BossSession, RequestOptions, Sent } from './session.ts';

/** One line of a 1001 answer. */
export interface Bill {
  readonly month: string;
  readonly item: string;
  readonly amount: number;
}

/** What a 1001 answer says about a customer. [bank-interface §4 1001] */
export interface Arrears {
  readonly custno: string;
  readonly name: string;
  readonly address: string;
  readonly arrears: number;
  readonly bills: readonly Bill[];
  readonly sent: Sent;
}

/** A payment the BOSS answered 0000 to. [bank-interface §4 1002] */
export interface Payment {
  readonly bank: string;
  readonly serial: string;
  readonly txdate: string;
  readonly custno: string;
  readonly amount: number;
  readonly bossSerial: string;
  readonly balance: number;
  readonly sent: Sent;
}

/** 1001 for `custno`, answered 0000: CUSTNO echoed, BILLCOUNT lines, ARREARS their sum. */
export async function query(session: BossSession, custno: string, options: RequestOptions = {}): Promise<Arrears> {
  const sent = await session.send('1001', { CUSTNO: custno }, `1001 query ${custno}`, options);
  return readArrears(sent, `1001 query of ${custno}`);
}

export function readArrears(sent: Sent, what: string): Arrears {
  const answer = expectSuccess(sent, what);
  checkEchoed(answer, 'CUSTNO', sent.request.fields.CUSTNO ?? '', what);
  const bills = (answer.groups.BILLS ?? []).map((b) => ({ month: b.BILLMONTH ?? '', item: b.ITEM ?? '', amount: Number(b.AMOUNT) }));
  checkEqual(numberField(answer, 'BILLCOUNT'), bills.length, `${what}: BILLCOUNT is the number of bill lines [bank-interface §4 1001]`);
  const arrears = numberField(answer, 'ARREARS');
  const sum = bills.reduce((total, b) => total + b.amount, 0);
  check(arrears === sum, `${what}: ARREARS ${arrears} is not the sum ${sum} of the bill lines ${showBills(bills)} [bank-interface §4 1001, §8]`);
  return { custno: field(answer, 'CUSTNO'), name: field(answer, 'CUSTNAME'), address: field(answer, 'ADDRESS'), arrears, bills, sent };
}

/** 1002 answered 0000: CUSTNO and AMOUNT echoed, a BOSSSERIAL, the BALANCE after posting. */
export async function pay(session: BossSession, custno: string, amount: number, options: RequestOptions & { paytype?: '1' | '2' } = {}): Promise<Payment> {
  const fields = { CUSTNO: custno, AMOUNT: String(amount), PAYTYPE: options.paytype ?? '1' };
  const sent = await session.send('1002', fields, `1002 pay ${amount} for ${custno}`, options);
  return readPayment(sent, `1002 payment of ${amount} by ${custno}`);
}

/**
 * A 1002 into a date that may already be reconciled with RESULT 0 (by an earlier run on the same
 * BOSS): the payment, or `closed` when the BOSS refuses new payments into that date with 2005. Both
 * fit §4/§6: §4 closes a matched date to deletes and leaves new payments open; a BOSS may close it to
 * them too (stbpay's does, docs/boss/ledger.md), since they would change the total both sides agreed on.
 */
export async function payIntoReconcilable(session: BossSession, custno: string, amount: number, options: RequestOptions & { paytype?: '1' | '2' } = {}): Promise<Payment | 'closed'> {
  const fields = { CUSTNO: custno, AMOUNT: String(amount), PAYTYPE: options.paytype ?? '1' };
  const sent = await session.send('1002', fields, `1002 pay ${amount} for ${custno}`, options);
  const what = `1002 payment of ${amount} by ${custno}`;
  if (expectCodeIn(sent, ['0000', '2005'], what) === '2005') return 'closed';
  return readPayment(sent, what);
}

export function readPayment(sent: Sent, what: string): Payment {
  const answer = expectSuccess(sent, what);
  checkEchoed(answer, 'CUSTNO', sent.request.fields.CUSTNO ?? '', what);
  checkEchoed(answer, 'AMOUNT', sent.request.fields.AMOUNT ?? '', what);
  return {
    bank: sent.request.header.BANKCODE ?? '',
    serial: sent.request.header.BANKSERIAL ?? '',
    txdate: sent.request.header.TXDATE ?? '',
    custno: field(answer, 'CUSTNO'),
    amount: numberField(answer, 'AMOUNT'),
    bossSerial: bossSerialOf(answer, what),
    balance: numberField(answer, 'BALANCE'),
    sent,
  };
}

/** The 1005 request deleting `payment`: same bank and TXDATE, its serial, customer and amount. [§4 1005] */
export function reversalRequest(session: BossSession, payment: Payment, change: { amount?: number; txdate?: string; origSerial?: string } = {}): BossMessage {
  return session.request(
    '1005',
    { ORIGSERIAL: change.origSerial ?? payment.serial, CUSTNO: payment.custno, AMOUNT: String(change.amount ?? payment.amount) },
    { bank: payment.bank, txdate: change.txdate ?? payment.txdate },
  );
}

/** 1005 of `payment` answered 0000 with ORIGSERIAL echoed. */
export async function reverse(session: BossSession, payment: Payment): Promise<Sent> {
  const sent = await session.resend(reversalRequest(session, payment), `1005 delete ${payment.serial}`);
  const answer = expectSuccess(sent, `1005 delete of payment ${payment.serial}`);
  checkEchoed(answer, 'ORIGSERIAL', payment.serial, `1005 delete of payment ${payment.serial}`);
  return sent;
}

/** Bills as `202610 BASIC 2250, ...` for messages. */
export function showBills(bills: readonly Bill[]): string {
  return bills.length === 0 ? '(none)' : bills.map((b) => `${b.month} ${b.item} ${b.amount}`).join(', ');
}

/** The bill lines of the earliest month. */
export function oldestMonth(bills: readonly Bill[]): { month: string; total: number; lines: Bill[] } {
  const month = bills.map((b) => b.month).sort()[0] ?? '';
  const lines = bills.filter((b) => b.month === month);
  return { month, total: lines.reduce((t, b) => t + b.amount, 0), lines };
}

/** Bills compared as sorted text, so line order does not matter (§4 fixes none). */
export function sameBills(a: readonly Bill[], b: readonly Bill[]): boolean {
  const key = (bills: readonly Bill[]) => bills.map((x) => `${x.month}|${x.item}|${x.amount}`).sort().join(';');
  return key(a) === key(b);
}
