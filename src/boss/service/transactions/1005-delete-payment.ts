import { CODES } from '../codes.ts';
import { amountField, field, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 1005 delete payment (删除交费): reverses a payment of the same BANKCODE and TXDATE whose cash total
 * for that date is not reconciled with 0 yet; arrears and balance are restored exactly. [bank-interface §4]
 * Decisions where §4 is open:
 * - ORIGSERIAL is the BANKSERIAL of the payment; only cash entries (1002, 1006) can be deleted, a
 *   withholding posting is not found (2004);
 * - an ORIGSERIAL this bank has as a cash entry on another date only (not the request's TXDATE) → 2005,
 *   not 2004: §4 allows deleting only on the payment's own date, and "not found" would tell the bank
 *   the payment never reached the BOSS, which makes banks refund the customer;
 * - CUSTNO or AMOUNT differing from the original → 2003 [§6 "amount invalid or not matching"];
 * - a payment with an issued or printed invoice → 2009 [§6 invoice state conflict]: the invoice is
 *   voided with 3003 first, so no valid invoice is left for money the BOSS gave back;
 * - checks in this order: 2004 not found (2005 when on another date), 2003 not matching, 2005 already
 *   reversed, 2005 reconciled, 2009 invoice not voided.
 * BOSSSERIAL: the reversal, `R` + TXDATE + sequence.
 */
export const deletePayment: TransactionHandler = async ({ tx, request }) => {
  const origSerial = field(request, 'ORIGSERIAL');
  const payment = await tx.paymentByBankSerial({ bankcode: request.bankcode, txdate: request.txdate, bankSerial: origSerial });
  if (!payment || payment.channel === 'withholding') {
    const elsewhere = (await tx.paymentsByBankSerial(request.bankcode, origSerial)).find((p) => p.channel !== 'withholding' && p.txdate !== request.txdate);
    if (elsewhere) return refuse(CODES.alreadyReconciledOrReversed, `ORIGSERIAL is a payment of ${elsewhere.txdate}, not of TXDATE`);
    return refuse(CODES.originalNotFound);
  }
  if (payment.custno !== field(request, 'CUSTNO') || payment.amount !== amountField(request, 'AMOUNT')) return refuse(CODES.amountMismatch);
  if (payment.status === 'reversed') return refuse(CODES.alreadyReconciledOrReversed, 'original payment already reversed');
  if (await tx.isReconciled({ bankcode: request.bankcode, date: request.txdate, kind: 'cash' })) {
    return refuse(CODES.alreadyReconciledOrReversed, 'cash total of that date already reconciled');
  }
  const invoice = await tx.invoiceForPayment(payment.bossSerial);
  if (invoice && invoice.status !== 'voided') {
    return refuse(CODES.invoiceStateConflict, `invoice ${invoice.invoiceNo} is ${invoice.status}: void it (3003) first`);
  }
  const reversal = await tx.reversePayment({
    paymentSerial: payment.bossSerial,
    bankcode: request.bankcode,
    txdate: request.txdate,
    bankSerial: request.bankSerial,
    serial: { prefix: 'R', date: request.txdate },
  });
  return ok({ ORIGSERIAL: origSerial }, { bossSerial: reversal.reversalSerial });
};
