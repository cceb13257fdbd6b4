import type { InvoiceRecord } from '../../store/records.ts';
import { CODES } from '../codes.ts';
import { field, type TransactionHandler } from '../context.ts';
import { ok, refuse, type Outcome } from '../outcome.ts';
import { invoiceItems } from './invoice-items.ts';

/**
 * 3001 request invoice (请求票据): at most one invoice per payment; asking again returns the same
 * INVOICENO (and the same lines, whatever its state). [bank-interface §4]
 * Decisions where §4 is open:
 * - PAYSERIAL must be a payment of the requesting bank (another bank's payment is not found, 2008);
 * - a reversed payment → 2009, with or without an invoice issued before the reversal;
 * - the lines are the payment's allocations by ITEM plus `PREPAID` for the part that went to the
 *   balance; CUSTNAME is the name when issued. BOSSSERIAL: the invoice number `I` + TXDATE + sequence.
 */
export const requestInvoice: TransactionHandler = async ({ tx, request }) => {
  const paySerial = field(request, 'PAYSERIAL');
  const payment = await tx.paymentBySerial(paySerial);
  if (!payment || payment.bankcode !== request.bankcode) return refuse(CODES.invoiceNotFound);
  if (payment.status === 'reversed') return refuse(CODES.invoiceStateConflict, 'payment was reversed');
  const existing = await tx.invoiceForPayment(paySerial);
  if (existing) return invoiceAnswer(existing);
  const customer = await tx.customer(payment.custno);
  const created = await tx.createInvoice({
    paymentSerial: paySerial,
    bankcode: payment.bankcode,
    custno: payment.custno,
    custname: customer?.name ?? '',
    amount: payment.amount,
    items: invoiceItems(await tx.allocations(paySerial)),
    serial: { prefix: 'I', date: request.txdate },
  });
  return invoiceAnswer(created);
};

function invoiceAnswer(invoice: InvoiceRecord): Outcome {
  return ok(
    {
      INVOICENO: invoice.invoiceNo,
      CUSTNO: invoice.custno,
      CUSTNAME: invoice.custname,
      AMOUNT: String(invoice.amount),
      ITEMCOUNT: String(invoice.items.length),
    },
    { bossSerial: invoice.invoiceNo, groups: { ITEMS: invoice.items.map((line) => ({ ITEM: line.item, AMOUNT: String(line.amount) })) } },
  );
}
