import { CODES } from '../codes.ts';
import { field, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 1004 cancel withholding (解除账户代扣). [bank-interface §4, §6 2007]
 * Decisions where §4 is open: only the bank holding the agreement can cancel it, with its ACCTNO
 * (2007 otherwise); a suspended or closed customer may still cancel (cancelling only stops debits).
 * BOSSSERIAL: the cancelled agreement's serial.
 */
export const cancelWithholding: TransactionHandler = async ({ tx, request }) => {
  const custno = field(request, 'CUSTNO');
  const acctno = field(request, 'ACCTNO');
  if (!(await tx.customer(custno))) return refuse(CODES.customerNotFound);
  const existing = await tx.activeAgreement(custno);
  if (!existing || existing.bankcode !== request.bankcode || existing.acctno !== acctno) return refuse(CODES.noAgreement);
  const cancelled = await tx.cancelAgreement(existing.agreementSerial, request.txdate);
  return ok({ CUSTNO: custno }, { bossSerial: cancelled.agreementSerial });
};
