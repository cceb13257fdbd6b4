import { checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { checkEchoed, expectCode, expectSuccess, field, numberField } from '../answers.ts';
import { billedCustomer, cleanUp } from '../customers.ts';
import { withSession, type BossSession, type Sent } from '../session.ts';
import type { BossTarget } from '../target.ts';
import { oldestMonth, pay, reverse, type Payment } from '../transactions.ts';

interface Invoice {
  readonly number: string;
  readonly payment: Payment;
  readonly sent: Sent;
}

function requestInvoice(session: BossSession, paySerial: string): Promise<Sent> {
  return session.send('3001', { PAYSERIAL: paySerial }, `3001 invoice for ${paySerial}`);
}

function print(session: BossSession, invoice: string): Promise<Sent> {
  return session.send('3002', { INVOICENO: invoice }, `3002 print ${invoice}`);
}

function voidInvoice(session: BossSession, invoice: string): Promise<Sent> {
  return session.send('3003', { INVOICENO: invoice, REASON: 'CONFORMANCE TEST' }, `3003 void ${invoice}`);
}

/**
 * The invoice of `payment`: 0000 with INVOICENO, the payment's CUSTNO and AMOUNT, the customer's name
 * as 1001 gives it, ITEMCOUNT the number of item lines and their AMOUNTs adding up to the invoice's.
 * §4 3001 says no more of the items (how many, which names), so neither does the case. [§4 3001]
 */
async function issue(session: BossSession, payment: Payment, customerName: string): Promise<Invoice> {
  const sent = await requestInvoice(session, payment.bossSerial);
  const what = `3001 invoice for payment ${payment.bossSerial}`;
  const answer = expectSuccess(sent, what);
  checkEchoed(answer, 'CUSTNO', payment.custno, what);
  checkEqual(field(answer, 'CUSTNAME'), customerName, `${what}: CUSTNAME (as 1001 gives it) [bank-interface §4 3001]`);
  const amount = numberField(answer, 'AMOUNT');
  checkEqual(amount, payment.amount, `${what}: AMOUNT (the payment's) [bank-interface §4 3001]`);
  const items = answer.groups.ITEMS ?? [];
  checkEqual(numberField(answer, 'ITEMCOUNT'), items.length, `${what}: ITEMCOUNT is the number of item lines [bank-interface §4 3001]`);
  const sum = items.reduce((t, i) => t + Number(i.AMOUNT), 0);
  checkEqual(sum, amount, `${what}: the item lines ${items.map((i) => `${i.ITEM} ${i.AMOUNT}`).join(', ') || '(none)'} add up to AMOUNT [bank-interface §4 3001]`);
  return { number: field(answer, 'INVOICENO'), payment, sent };
}

/**
 * Runs `body` with the invoice of a payment that settles a billed customer's oldest month (a whole
 * bill: §4 does not say what the invoice of a prepayment holds), then puts the customer back: the
 * invoice voided (printed first, as §4 only promises that a printed one can be voided; either answer
 * is fine), since a BOSS may refuse to delete an invoiced payment, then the payment deleted.
 */
async function withInvoice(session: BossSession, body: (invoice: Invoice) => Promise<void>): Promise<void> {
  const customer = await billedCustomer(session, 1);
  const payment = await pay(session, customer.custno, oldestMonth(customer.bills).total);
  let invoice: string | undefined;
  try {
    const issued = await issue(session, payment, customer.name);
    invoice = issued.number;
    await body(issued);
  } finally {
    await cleanUp(session, `void the invoice and delete ${payment.serial}`, async () => {
      if (invoice !== undefined) {
        await print(session, invoice);
        await voidInvoice(session, invoice);
      }
      await reverse(session, payment);
    });
  }
}

/** A 0000 answer to 3002/3003 echoing INVOICENO. */
function invoiceDone(sent: Sent, invoice: string, what: string): void {
  checkEchoed(expectSuccess(sent, what), 'INVOICENO', invoice, what);
}

export const invoiceCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-TX-3001-001',
    clause: 'bank-interface §4 3001 (at most one invoice per payment; asking again returns the same INVOICENO)',
    title: '3001 issues the invoice of a payment of a whole bill; asking again (another BANKSERIAL) answers the same INVOICENO and lines',
    tags: ['transaction', '3001'],
    async run(context) {
      await withSession(context, async (session) => {
        await withInvoice(session, async (invoice) => {
          const again = expectSuccess(await requestInvoice(session, invoice.payment.bossSerial), '3001 asked again');
          checkEqual(field(again, 'INVOICENO'), invoice.number, 'INVOICENO of the second 3001 for the same payment [bank-interface §4 3001]');
          const first = invoice.sent.answer.message;
          const fieldsOf = (m: typeof first) => JSON.stringify({ fields: m.fields, groups: m.groups });
          checkEqual(fieldsOf(again), fieldsOf(first), 'invoice fields of the second 3001');
        });
      });
    },
  },
  {
    id: 'BOSS-TX-3002-001',
    clause: 'bank-interface §4 3002',
    title: '3002 confirms the printing of an invoice: 0000 with INVOICENO echoed',
    tags: ['transaction', '3002'],
    async run(context) {
      await withSession(context, async (session) => {
        await withInvoice(session, async (invoice) => {
          invoiceDone(await print(session, invoice.number), invoice.number, '3002 print confirm');
        });
      });
    },
  },
  {
    id: 'BOSS-TX-3003-001',
    clause: 'bank-interface §4 3003 (a printed invoice can be voided)',
    title: '3003 voids a printed invoice: 0000 with INVOICENO echoed',
    tags: ['transaction', '3003'],
    async run(context) {
      await withSession(context, async (session) => {
        await withInvoice(session, async (invoice) => {
          invoiceDone(await print(session, invoice.number), invoice.number, '3002 print confirm');
          invoiceDone(await voidInvoice(session, invoice.number), invoice.number, '3003 void of a printed invoice');
        });
      });
    },
  },
  {
    id: 'BOSS-RESP-2009-001',
    clause: 'bank-interface §6 2009 (invoice state conflict: already printed)',
    title: 'printing an invoice a second time answers 2009',
    tags: ['response-code', '3002'],
    async run(context) {
      await withSession(context, async (session) => {
        await withInvoice(session, async (invoice) => {
          invoiceDone(await print(session, invoice.number), invoice.number, '3002 print confirm');
          expectCode(await print(session, invoice.number), '2009', '3002 of an invoice already printed');
        });
      });
    },
  },
  {
    id: 'BOSS-RESP-2009-002',
    clause: 'bank-interface §4 3003 (a voided invoice cannot be printed), §6 2009',
    title: 'printing a voided invoice answers 2009, and voiding it again answers 2009',
    tags: ['response-code', '3002', '3003'],
    async run(context) {
      await withSession(context, async (session) => {
        await withInvoice(session, async (invoice) => {
          invoiceDone(await print(session, invoice.number), invoice.number, '3002 print confirm');
          invoiceDone(await voidInvoice(session, invoice.number), invoice.number, '3003 void');
          expectCode(await print(session, invoice.number), '2009', '3002 of a voided invoice');
          expectCode(await voidInvoice(session, invoice.number), '2009', '3003 of an invoice already voided');
        });
      });
    },
  },
  {
    id: 'BOSS-RESP-2008-001',
    clause: 'bank-interface §6 2008 (invoice or payment not found)',
    title: '3001 naming a PAYSERIAL that is no payment answers 2008',
    tags: ['response-code', '3001'],
    async run(context) {
      await withSession(context, async (session) => {
        expectCode(await requestInvoice(session, `X${context.target.serials.next()}`), '2008', '3001 for a payment that does not exist');
      });
    },
  },
  {
    id: 'BOSS-RESP-2008-002',
    clause: 'bank-interface §6 2008 (invoice or payment not found)',
    title: '3002 and 3003 naming an INVOICENO that does not exist answer 2008',
    tags: ['response-code', '3002', '3003'],
    async run(context) {
      await withSession(context, async (session) => {
        const unknown = `X${context.target.serials.next()}`;
        expectCode(await print(session, unknown), '2008', '3002 of an invoice that does not exist');
        expectCode(await voidInvoice(session, unknown), '2008', '3003 of an invoice that does not exist');
      });
    },
  },
];
