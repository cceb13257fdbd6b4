import type { Random } from '../../src/core/random.ts';
import type { NamedFile } from './daily-files.ts';
import type { BankEmulator, BankTransaction, LostPayment } from './emulator.ts';
import { BankEmulatorError } from './errors.ts';
import { deliverFile, type FileDrop } from './file-drop.ts';
import { DEMO_LOAD_CUSTOMERS } from './load/plan.ts';

/** Where the day's DK withholding batch comes from (BankFtp in practice). */
export interface BatchSource {
  downloadBatch(date: string): Promise<NamedFile>;
}

export interface BankDayOptions {
  /** Customers served at the counter; each is queried, then pays what the query says is owed. */
  readonly payments: number;
  /** How many of those payments are lost: debited and booked, never sent (they show up as bank-only at reconciliation). */
  readonly lose?: number;
  readonly customers?: readonly string[];
  /** Work the day's DK batch into YH and DKMX (needs a source). */
  readonly batch?: BatchSource;
  /** Send 2001 (and 2002 when the batch was worked) with the books' totals after delivering the files. */
  readonly reconcile?: boolean;
}

export interface BankDayResult {
  readonly date: string;
  readonly queries: BankTransaction[];
  readonly payments: BankTransaction[];
  readonly lost: LostPayment[];
  /** Why the DK batch was not worked, when it was asked for and not ready. */
  readonly batchSkipped?: string;
  readonly files: NamedFile[];
  /** Paths written through the drop, flags included, in order. */
  readonly delivered: string[];
  readonly reconciliations: BankTransaction[];
}

/** Amount paid when a query shows nothing owed: a prepayment. */
const PREPAYMENT = 1000;

/**
 * One business day of the bank, the way its daily files come about: counter payments (some lost),
 * the DK batch worked into YH, then YH, DKMX and XJMX delivered with their flags, and optionally the
 * total reconciliations. [bank-interface §4, §7]
 */
export async function runBankDay(bank: BankEmulator, drop: FileDrop, options: BankDayOptions): Promise<BankDayResult> {
  const date = bank.date;
  const customers = options.customers ?? DEMO_LOAD_CUSTOMERS;
  const lostAt = chooseLost(bank.random, options.payments, options.lose ?? 0);
  const queries: BankTransaction[] = [];
  const payments: BankTransaction[] = [];
  const lost: LostPayment[] = [];
  for (let i = 0; i < options.payments; i++) {
    const custno = customers[bank.random.int(0, customers.length - 1)] ?? 'C00020001';
    const query = await bank.queryArrears(custno);
    queries.push(query);
    if (!query.ok) continue;
    const amount = Number(query.answer.fields.ARREARS ?? '0') || PREPAYMENT;
    if (lostAt.has(i)) lost.push(await bank.losePayment(custno, amount));
    else payments.push(await bank.pay(custno, amount));
  }

  const files: NamedFile[] = [];
  let batchSkipped: string | undefined;
  if (options.batch) {
    try {
      const dk = await options.batch.downloadBatch(date);
      files.push(bank.encodeFile(bank.withholdingResultFile(dk)), bank.encodeFile(bank.withholdingDetailFile(date)));
    } catch (error) {
      if (!(error instanceof BankEmulatorError && error.reason === 'batchNotReady')) throw error;
      batchSkipped = error.message;
    }
  }
  files.push(bank.encodeFile(bank.cashDetailFile(date)));
  const delivered: string[] = [];
  for (const file of files) delivered.push(...(await deliverFile(drop, bank.profile, file)));

  const reconciliations: BankTransaction[] = [];
  if (options.reconcile) {
    reconciliations.push(await bank.cashTotal({ chkDate: date }));
    if (options.batch && batchSkipped === undefined) reconciliations.push(await bank.withholdingTotal({ chkDate: date }));
  }
  return { date, queries, payments, lost, ...(batchSkipped === undefined ? {} : { batchSkipped }), files, delivered, reconciliations };
}

/** `lose` distinct indexes out of `count`. */
function chooseLost(random: Random, count: number, lose: number): Set<number> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return new Set(indexes.slice(0, Math.min(lose, count)));
}
