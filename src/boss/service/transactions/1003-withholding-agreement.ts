import { CODES } from '../codes.ts';
import { customerRefusal, field, isActive, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 1003 withholding agreement notice (账户代扣通知). [bank-interface §4, §6 2006]
 * Decisions where §4 is open:
 * - a customer has at most one active agreement; the same bank and ACCTNO again → 0000 with the
 *   existing agreement's serial, nothing changed (ACCTNAME is kept as first given);
 * - any other active agreement (another account, or the same account number at another bank) → 2006;
 * - the customer must be active (2002).
 * BOSSSERIAL: the agreement, `A` + TXDATE + sequence.
 */
export const withholdingAgreement: TransactionHandler = async ({ tx, request }) => {
  const custno = field(request, 'CUSTNO');
  const acctno = field(request, 'ACCTNO');
  const customer = await tx.customer(custno);
  if (!isActive(customer)) return customerRefusal(customer);
  const existing = await tx.activeAgreement(custno);
  if (existing) {
    if (existing.bankcode !== request.bankcode || existing.acctno !== acctno) return refuse(CODES.agreementOtherAccount);
    return ok({ CUSTNO: custno }, { bossSerial: existing.agreementSerial });
  }
  const created = await tx.createAgreement({
    custno,
    bankcode: request.bankcode,
    acctno,
    acctname: field(request, 'ACCTNAME'),
    serial: { prefix: 'A', date: request.txdate },
  });
  return ok({ CUSTNO: custno }, { bossSerial: created.agreementSerial });
};
