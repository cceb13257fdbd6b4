import { CODES } from '../codes.ts';
import { field, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 3002 print confirm (打印确认): an issued invoice becomes printed; printed again or voided → 2009.
 * [bank-interface §4 "a voided one cannot be printed", §6 2009 "already printed, voided"]
 * Decision: an invoice of another bank's payment is not found (2008). BOSSSERIAL: the invoice number.
 */
export const printConfirm: TransactionHandler = async ({ tx, request }) => {
  const invoiceNo = field(request, 'INVOICENO');
  const invoice = await tx.invoice(invoiceNo);
  if (!invoice || invoice.bankcode !== request.bankcode) return refuse(CODES.invoiceNotFound);
  if (invoice.status !== 'issued') return refuse(CODES.invoiceStateConflict, `invoice already ${invoice.status}`);
  await tx.setInvoiceStatus(invoiceNo, 'printed');
  return ok({ INVOICENO: invoiceNo }, { bossSerial: invoiceNo });
};
