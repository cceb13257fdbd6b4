import { MAX_AMOUNT } from '../../store/allocation.ts';
import { CODES } from '../codes.ts';
import { amountField, customerRefusal, field, isActive, isOutcome, postOrRefuse, type TransactionHandler } from '../context.ts';
import { ok, refuse } from '../outcome.ts';

/**
 * 1006 make-up confirm (补帐确认): posts a payment the bank has and the BOSS lacks, under the original
 * (BANKCODE, ORIGDATE, ORIGSERIAL); already held with the same CUSTNO and AMOUNT → 0000 with the
 * existing BOSSSERIAL, nothing posted; with different values → 2003. [bank-interface §4]
 * Decisions where §4 is open:
 * - the existing payment was deleted (1005) → 2005: the bank itself reversed it;
 * - a new make-up into a date whose cash total is already reconciled with 0 → 2005 (the match said
 *   nothing was missing; posting now would break the reconciled total);
 * - the customer must exist and be active (2001, 2002), as for 1002;
 * - the payment's accounting date is ORIGDATE (it counts in ORIGDATE's cash total), its BOSSSERIAL is
 *   `B` + this request's TXDATE [brief: B + the TXDATE of the request that created it], its TXTIME
 *   and TELLER are this request's.
 */
export const makeupConfirm: TransactionHandler = async ({ tx, request }) => {
  const origSerial = field(request, 'ORIGSERIAL');
  const origDate = field(request, 'ORIGDATE');
  const custno = field(request, 'CUSTNO');
  const amount = amountField(request, 'AMOUNT');
  const answer = { ORIGSERIAL: origSerial, CUSTNO: custno, AMOUNT: String(amount) };
  const existing = await tx.paymentByBankSerial({ bankcode: request.bankcode, txdate: origDate, bankSerial: origSerial });
  if (existing) {
    if (existing.custno !== custno || existing.amount !== amount) return refuse(CODES.amountMismatch);
    if (existing.status !== 'posted') return refuse(CODES.alreadyReconciledOrReversed, 'original payment was deleted');
    return ok(answer, { bossSerial: existing.bossSerial });
  }
  const customer = await tx.customer(custno);
  if (!isActive(customer)) return customerRefusal(customer);
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_AMOUNT) return refuse(CODES.amountMismatch);
  if (await tx.isReconciled({ bankcode: request.bankcode, date: origDate, kind: 'cash' })) {
    return refuse(CODES.alreadyReconciledOrReversed, 'cash total of ORIGDATE already reconciled');
  }
  const posted = await postOrRefuse(tx, {
    bankcode: request.bankcode,
    txdate: origDate,
    bankSerial: origSerial,
    custno,
    amount,
    channel: 'makeup',
    txtime: request.txtime,
    teller: request.teller,
    serial: { prefix: 'B', date: request.txdate },
  });
  if (isOutcome(posted)) return posted;
  return ok(answer, { bossSerial: posted.payment.bossSerial });
};
