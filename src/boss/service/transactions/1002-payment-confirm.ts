import { MAX_AMOUNT } from '../../store/allocation.ts';
import { CODES } from '../codes.ts';
import { amountField, customerRefusal, field, isActive, isOutcome, postOrRefuse, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 1002 payment confirm (交费确认): arrears settled oldest month first, the excess to the prepaid
 * balance; AMOUNT 1..999999999999 (2003 otherwise). [bank-interface §4] BOSSSERIAL `B` + TXDATE + sequence.
 * Decision where §4 is open: when the BOSS already holds a payment under this (BANKCODE, TXDATE,
 * BANKSERIAL) without having answered this request (a make-up 1006 posted it first), the payment is
 * not posted twice: same CUSTNO and AMOUNT → 0000 with the existing BOSSSERIAL, a reversed one → 2005,
 * different values → 2003, as 1006 does for the converse case. A new payment into a TXDATE whose cash
 * total this bank already reconciled with RESULT 0 → 2005, as for 1006 and 1005: the match closed
 * that date, and a later entry would silently break the total both sides agreed on.
 * A posting that would take the prepaid balance or the day's cash total past 12 digits → 2003. [§2]
 */
export const paymentConfirm: TransactionHandler = async ({ tx, request }) => {
  const custno = field(request, 'CUSTNO');
  const amount = amountField(request, 'AMOUNT');
  const existing = await tx.paymentByBankSerial(request);
  if (existing) {
    if (existing.custno !== custno || existing.amount !== amount) return refuse(CODES.amountMismatch, 'BANKSERIAL already posted with other values');
    if (existing.status !== 'posted') return refuse(CODES.alreadyReconciledOrReversed, 'payment already reversed');
    const customer = await tx.customer(custno);
    return ok({ CUSTNO: custno, AMOUNT: String(amount), BALANCE: String(customer?.balance ?? 0) }, { bossSerial: existing.bossSerial });
  }
  const customer = await tx.customer(custno);
  if (!isActive(customer)) return customerRefusal(customer);
  // [§4 1002] the profile's AMOUNT format may be wider than the rule; the rule decides
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_AMOUNT) return refuse(CODES.amountMismatch);
  if (await tx.isReconciled({ bankcode: request.bankcode, date: request.txdate, kind: 'cash' })) {
    return refuse(CODES.alreadyReconciledOrReversed, 'cash total of TXDATE already reconciled');
  }
  const posted = await postOrRefuse(tx, {
    bankcode: request.bankcode,
    txdate: request.txdate,
    bankSerial: request.bankSerial,
    custno,
    amount,
    channel: 'realtime',
    paytype: field(request, 'PAYTYPE'),
    txtime: request.txtime,
    teller: request.teller,
    serial: { prefix: 'B', date: request.txdate },
  });
  if (isOutcome(posted)) return posted;
  return ok({ CUSTNO: custno, AMOUNT: String(amount), BALANCE: String(posted.balance) }, { bossSerial: posted.payment.bossSerial });
};
