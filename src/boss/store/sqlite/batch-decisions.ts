import Database from 'better-sqlite3';
import type { Decision, ReconException } from '../../batch/ledger.ts';
import { DuplicatePaymentError, LedgerRuleError, PaymentNotFoundError, StoreError, UnknownCustomerError } from '../errors.ts';
import type { LedgerTransaction } from '../types.ts';

/** The ledger cannot apply a decision's effect; thrown inside the unit so that its savepoint is rolled back. */
export class DecisionNotApplicable extends StoreError {
  constructor(message: string) {
    super('BOSS_ERR_DECISION_NOT_APPLICABLE', message);
  }
}

/** A decision the ledger refuses before trying it: who is missing, or an accept without a reason. */
export function decisionDefect(decision: Decision): string | undefined {
  if (decision.by.trim() === '') return 'a decision needs who takes it';
  if (decision.action === 'accept' && decision.reason.trim() === '') return 'accepting an exception needs a reason';
  return undefined;
}

/**
 * Applies a decision's effect inside the unit that also records it, and returns the serial it
 * created: `makeup` posts the bank's record through `postPayment` (cash: a make-up, channel
 * `makeup`, dated the run's date like a 1006 with ORIGDATE = that date, serial `B`; withholding: a
 * withholding payment, serial `W`), `reverse` reverses the BOSS payment through `reversePayment`
 * (serial `R` + the run's date; the reversal's bank key is the exception id, as no bank request
 * asked for it), `accept` changes nothing. [bank-interface §7: post a make-up, reverse, or accept]
 */
export async function applyDecision(tx: LedgerTransaction, exception: ReconException, decision: Decision, txtime: string): Promise<string | undefined> {
  const { bankcode, date, bankSerial } = exception;
  switch (decision.action) {
    case 'accept':
      return undefined;
    case 'makeup': {
      const bank = exception.bank;
      if (!bank) throw new DecisionNotApplicable('nothing on the bank side to post');
      if (!(await tx.customer(bank.custno))) throw new DecisionNotApplicable(`customer ${bank.custno} not found`);
      const taken = await tx.paymentByBankSerial({ bankcode, txdate: date, bankSerial });
      if (taken) throw new DecisionNotApplicable(`BANKSERIAL ${bankSerial} of ${date} is already posted as ${taken.bossSerial}${taken.status === 'reversed' ? ' (reversed)' : ''}`);
      const withholding = exception.kind === 'withholding';
      const posted = await tx.postPayment({
        bankcode,
        txdate: date,
        bankSerial,
        custno: bank.custno,
        amount: bank.amount,
        channel: withholding ? 'withholding' : 'makeup',
        txtime,
        serial: { prefix: withholding ? 'W' : 'B', date },
      });
      return posted.payment.bossSerial;
    }
    case 'reverse': {
      const boss = exception.boss;
      if (!boss) throw new DecisionNotApplicable('nothing on the BOSS side to reverse');
      const payment = await tx.paymentBySerial(boss.bossSerial);
      if (!payment) throw new DecisionNotApplicable(`payment ${boss.bossSerial} not found`);
      if (payment.status !== 'posted') throw new DecisionNotApplicable(`payment ${boss.bossSerial} is already reversed`);
      const reversal = await tx.reversePayment({ paymentSerial: boss.bossSerial, bankcode, txdate: date, bankSerial: exception.id, serial: { prefix: 'R', date } });
      return reversal.reversalSerial;
    }
  }
}

/** Why the ledger refused, when `error` is a refusal (nothing applied); undefined for a real failure. */
export function refusalOf(error: unknown, exception: ReconException, decision: Decision): string | undefined {
  if (error instanceof DecisionNotApplicable) return error.message;
  if (error instanceof UnknownCustomerError || error instanceof DuplicatePaymentError || error instanceof PaymentNotFoundError || error instanceof LedgerRuleError) {
    return error.message;
  }
  if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_CHECK') {
    // customers.balance CHECK (>= 0): the prepaid part of the payment was spent since it was posted
    if (decision.action === 'reverse') return `reversing ${exception.boss?.bossSerial ?? 'the payment'} would leave a negative prepaid balance (its prepaid part was spent)`;
    return `the ledger's checks refuse it (${error.message})`;
  }
  return undefined;
}
