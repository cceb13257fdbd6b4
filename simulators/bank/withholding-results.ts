import type { DailyFile } from '../../src/boss/codec/daily-file.ts';
import type { Random } from '../../src/core/random.ts';
import { InputError } from '../../src/core/errors.ts';
import { totals, type WithholdingDebit } from './books.ts';

/**
 * How a bank's withholding run turns out, as relative weights of the YH RESULT codes: `0` debited,
 * `1` insufficient funds, `2` account closed, `3` other. [bank-interface §7]
 */
export interface DebitWeights {
  readonly debited: number;
  readonly insufficientFunds: number;
  readonly accountClosed: number;
  readonly other: number;
}

export const DEFAULT_DEBIT_WEIGHTS: DebitWeights = { debited: 90, insufficientFunds: 5, accountClosed: 3, other: 2 };

export interface WithholdingRun {
  /** The YH results file, one line per DK line, in the DK's order. */
  readonly results: DailyFile;
  /** The debited lines, for the bank's books (and so its DKMX). */
  readonly debits: WithholdingDebit[];
}

/**
 * Works a DK batch the way a bank does: each line is debited or refused (RESULT drawn from `random`
 * by `weights`); a debited line gets a BANKSERIAL from `nextSerial`, a refused one none. [§7]
 */
export function runWithholding(
  dk: DailyFile,
  options: { random: Random; weights?: DebitWeights; nextSerial: (date: string) => string; txTime: () => string },
): WithholdingRun {
  const weights = options.weights ?? DEFAULT_DEBIT_WEIGHTS;
  const order = [weights.debited, weights.insufficientFunds, weights.accountClosed, weights.other];
  if (order.some((w) => !Number.isInteger(w) || w < 0) || order.every((w) => w === 0)) {
    throw new InputError('weights', `debit weights must be whole numbers >= 0, not all 0: ${order.join(', ')}`);
  }
  const date = dk.header.DATE ?? '';
  const debits: WithholdingDebit[] = [];
  const details = dk.details.map((line) => {
    const result = String(pick(options.random, order));
    const debited = result === '0';
    const bankSerial = debited ? options.nextSerial(date) : '';
    const record = { SEQ: line.SEQ ?? '', CUSTNO: line.CUSTNO ?? '', ACCTNO: line.ACCTNO ?? '', AMOUNT: line.AMOUNT ?? '', RESULT: result, BANKSERIAL: bankSerial };
    if (debited) debits.push({ date, bankSerial, custno: record.CUSTNO, acctno: record.ACCTNO, amount: record.AMOUNT, txTime: options.txTime() });
    return record;
  });
  const success = totals(debits.map((d) => d.amount));
  return { results: { layout: 'YH', header: { TAG: 'H', DATE: date, COUNT: String(details.length), SUCCESSTOTAL: success.total }, details }, debits };
}

/** An index drawn with probability proportional to its weight. */
export function pick(random: Random, weights: readonly number[]): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  let draw = random.int(1, sum);
  for (let i = 0; i < weights.length; i++) {
    draw -= weights[i] ?? 0;
    if (draw <= 0) return i;
  }
  return weights.length - 1;
}
