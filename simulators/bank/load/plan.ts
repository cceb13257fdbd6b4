import type { Random } from '../../../src/core/random.ts';
import { addDays } from '../../../src/boss/local-date.ts';

/** The demo customers `seedDemo` creates: C00020001..C00020200. [issue 4 demo data] */
export const DEMO_LOAD_CUSTOMERS: readonly string[] = Array.from({ length: 200 }, (_, i) => `C${String(20001 + i).padStart(8, '0')}`);

const AMOUNTS = [2250, 3250, 4500, 1000];
/** Memory per connection is bounded: older entries are forgotten. */
const KEEP = 64;

/** What one connection remembers of its own answers, so later requests can refer to them. */
export class ConnectionMemory {
  readonly payments: { bankSerial: string; custno: string; amount: string; bossSerial: string }[] = [];
  readonly invoices: string[] = [];
  readonly printed: string[] = [];

  /** After a 0000 answer: remember what a later 1005, 3001, 3002 or 3003 can use. */
  learn(txcode: string, fields: Record<string, string>, bankSerial: string, bossSerial: string, answer: Record<string, string>): void {
    if (txcode === '1002') keep(this.payments, { bankSerial, custno: fields.CUSTNO ?? '', amount: fields.AMOUNT ?? '', bossSerial });
    if (txcode === '3001' && answer.INVOICENO) keep(this.invoices, answer.INVOICENO);
    if (txcode === '3002' && fields.INVOICENO) keep(this.printed, fields.INVOICENO);
  }
}

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP) list.shift();
}

export interface PlanContext {
  readonly random: Random;
  readonly customers: readonly string[];
  readonly date: string;
  readonly memory: ConnectionMemory;
  /** A BANKSERIAL never sent, for 1006's ORIGSERIAL and 1005 without a payment to delete. */
  readonly freshSerial: () => string;
}

/**
 * Plausible transaction fields for a TXCODE [bank-interface §4]: customers drawn from the list,
 * payments of usual amounts, deletes and invoices of this connection's own earlier payments (or of
 * serials the BOSS cannot know, which it refuses with 2004/2008 and the report counts).
 */
export function requestFields(txcode: string, ctx: PlanContext): Record<string, string> {
  const custno = ctx.customers[ctx.random.int(0, ctx.customers.length - 1)] ?? 'C00020001';
  const amount = String(AMOUNTS[ctx.random.int(0, AMOUNTS.length - 1)]);
  const tail = custno.slice(-5);
  const unknown = `${ctx.date}99999999`;
  switch (txcode) {
    case '1001':
      return { CUSTNO: custno };
    case '1002':
      return { CUSTNO: custno, AMOUNT: amount, PAYTYPE: ctx.random.int(1, 4) === 4 ? '2' : '1' };
    case '1003':
      return { CUSTNO: custno, ACCTNO: `62220200000${tail}`, ACCTNAME: `ACCT${tail}` };
    case '1004':
      return { CUSTNO: custno, ACCTNO: `62220200000${tail}` };
    case '1005': {
      const paid = ctx.memory.payments.pop();
      return paid ? { ORIGSERIAL: paid.bankSerial, CUSTNO: paid.custno, AMOUNT: paid.amount } : { ORIGSERIAL: ctx.freshSerial(), CUSTNO: custno, AMOUNT: amount };
    }
    case '1006':
      return { ORIGSERIAL: ctx.freshSerial(), ORIGDATE: ctx.date, CUSTNO: custno, AMOUNT: amount };
    case '2001':
    case '2002':
      // the day before: reconciling today would stop this run's deletes (2005)
      return { CHKDATE: addDays(ctx.date, -1), COUNT: '0', TOTAL: '0' };
    case '3001': {
      const payments = ctx.memory.payments;
      const paid = payments[ctx.random.int(0, Math.max(0, payments.length - 1))];
      return { PAYSERIAL: paid?.bossSerial || `B${unknown}` };
    }
    case '3002':
      return { INVOICENO: ctx.memory.invoices.shift() ?? `I${unknown}` };
    case '3003':
      return { INVOICENO: ctx.memory.printed.shift() ?? ctx.memory.invoices.shift() ?? `I${unknown}`, REASON: 'LOAD TEST' };
    default:
      return {};
  }
}
