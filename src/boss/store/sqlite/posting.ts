import { MAX_AMOUNT, planAllocation } from '../allocation.ts';
import { AmountLimitError, DuplicatePaymentError, LedgerRuleError, PaymentNotFoundError, UnknownCustomerError } from '../errors.ts';
import type { Allocation, PaymentInput, PostedPayment, ReversalInput, ReversalRecord } from '../records.ts';
import type { CustomerTable } from './customers.ts';
import type { PaymentTable } from './payments.ts';
import type { SerialTable } from './serials.ts';

/** The tables posting and reversal touch. */
export interface PostingTables {
  readonly customers: CustomerTable;
  readonly payments: PaymentTable;
  readonly serials: SerialTable;
}

/**
 * Posts a payment: allocations planned by `planAllocation` (bills oldest month first, excess to the
 * prepaid balance), each recorded so that a reversal restores exactly. [bank-interface §4 1002]
 * Used by 1002 and 1006 now and by the withholding results (YH) and make-up decisions of the batch side.
 */
export function postPayment(tables: PostingTables, input: PaymentInput): PostedPayment {
  const customer = tables.customers.get(input.custno);
  if (!customer) throw new UnknownCustomerError(input.custno);
  if (tables.payments.byBankKey(input.bankcode, input.txdate, input.bankSerial)) {
    throw new DuplicatePaymentError(input.bankcode, input.txdate, input.bankSerial);
  }
  const bills = tables.customers.outstandingBills(input.custno);
  const plan = planAllocation(bills, input.amount);
  checkLimits(tables, input, customer.balance, plan);
  const bossSerial = tables.serials.next(input.serial);
  const record = {
    bossSerial,
    bankcode: input.bankcode,
    txdate: input.txdate,
    bankSerial: input.bankSerial,
    custno: input.custno,
    amount: input.amount,
    paytype: input.paytype ?? '',
    channel: input.channel,
    txtime: input.txtime,
    teller: input.teller ?? '',
    acctno: input.acctno ?? '',
  };
  const paymentId = tables.payments.add(record);
  let toBalance = 0;
  plan.forEach((part, seq) => {
    if (part.target === 'balance') {
      toBalance += part.amount;
      tables.payments.addAllocation(paymentId, seq, null, part.amount);
      return;
    }
    const bill = bills.find((b) => b.month === part.month && b.item === part.item);
    if (!bill) throw new LedgerRuleError('allocation', `planned bill ${part.month} ${part.item} is not outstanding`);
    tables.customers.changePaid(bill.id, part.amount);
    tables.payments.addAllocation(paymentId, seq, bill.id, part.amount);
  });
  if (toBalance > 0) tables.customers.changeBalance(input.custno, toBalance);
  return { payment: { ...record, status: 'posted' }, allocations: plan, balance: customer.balance + toBalance };
}

/**
 * Refuses, before anything is written, a posting after which the customer's prepaid balance or the
 * day's total of its bank, date and kind would no longer fit the 12-digit fields that answer them
 * (1002 BALANCE, 2001/2002 BOSSTOTAL). Posted anyway, every later 1002 or 2001 for it could only be
 * answered 9999, which tells the bank to retry for ever. [bank-interface §2, §6 9999]
 */
function checkLimits(tables: PostingTables, input: PaymentInput, balance: number, plan: readonly Allocation[]): void {
  let toBalance = 0;
  for (const part of plan) if (part.target === 'balance') toBalance += part.amount;
  if (balance + toBalance > MAX_AMOUNT) {
    throw new AmountLimitError('BALANCE', balance + toBalance, MAX_AMOUNT, `the prepaid balance of ${input.custno}`);
  }
  const kind = input.channel === 'withholding' ? 'withholding' : 'cash';
  const total = tables.payments.dayTotal({ bankcode: input.bankcode, date: input.txdate, kind }) + input.amount;
  if (total > MAX_AMOUNT) {
    throw new AmountLimitError('TOTAL', total, MAX_AMOUNT, `the ${kind} total of ${input.bankcode} on ${input.txdate}`);
  }
}

/**
 * Reverses a posted payment by undoing each of its recorded allocations: what it paid on each bill
 * is owed again and what went to the balance is taken back. [bank-interface §4 1005: restores
 * arrears/balance exactly] The balance CHECK (>= 0) refuses a reversal whose prepaid part was spent.
 */
export function reversePayment(tables: PostingTables, input: ReversalInput): ReversalRecord {
  const payment = tables.payments.byBossSerial(input.paymentSerial);
  if (!payment) throw new PaymentNotFoundError(input.paymentSerial);
  if (payment.status !== 'posted') throw new LedgerRuleError('status', `payment ${payment.bossSerial} is already ${payment.status}`);
  const stored = tables.payments.allocations(payment.id);
  const reversalSerial = tables.serials.next(input.serial);
  if (!tables.payments.reverse(payment.id, { reversalSerial, bankcode: input.bankcode, txdate: input.txdate, bankSerial: input.bankSerial })) {
    throw new LedgerRuleError('status', `payment ${payment.bossSerial} is no longer posted`);
  }
  let fromBalance = 0;
  for (const { billId, allocation } of stored) {
    if (billId === null) fromBalance += allocation.amount;
    else tables.customers.changePaid(billId, -allocation.amount);
  }
  if (fromBalance > 0) tables.customers.changeBalance(payment.custno, -fromBalance);
  const balance = tables.customers.get(payment.custno)?.balance ?? 0;
  return {
    reversalSerial,
    paymentSerial: payment.bossSerial,
    bankcode: input.bankcode,
    txdate: input.txdate,
    bankSerial: input.bankSerial,
    restored: stored.map((s) => s.allocation),
    balance,
  };
}
