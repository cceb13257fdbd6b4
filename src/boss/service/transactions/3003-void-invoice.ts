import { CODES } from '../codes.ts';
import { field, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 3003 void invoice (票据作废): a printed invoice can be voided; a voided one again → 2009. [bank-interface §4]
 * Decisions where §4 is open: an issued, not yet printed invoice can be voided too (nothing was handed
 * out); REASON is kept; another bank's invoice is not found (2008). BOSSSERIAL: the invoice number.
 */
export const voidInvoice: TransactionHandler = async ({ tx, request }) => {
  const invoiceNo = field(request, 'INVOICENO');
  const invoice = await tx.invoice(invoiceNo);
  if (!invoice || invoice.bankcode !== request.bankcode) return refuse(CODES.invoiceNotFound);
  if (invoice.status === 'voided') return refuse(CODES.invoiceStateConflict, 'invoice already voided');
  await tx.setInvoiceStatus(invoiceNo, 'voided', field(request, 'REASON'));
  return ok({ INVOICENO: invoiceNo }, { bossSerial: invoiceNo });
};
