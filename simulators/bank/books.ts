import type { BossMessage } from '../../src/boss/codec/message.ts';

/**
 * What happened to a request, as the bank knows it: `answered` (an answer came back), `unanswered`
 * (sent, then a timeout or a closed connection), `lost` (the bank debited the customer but the BOSS
 * never got the request, or its answer was thrown away on purpose: a timeout after the debit).
 */
export type BookOutcome = 'answered' | 'unanswered' | 'lost';

export interface BookEntry {
  readonly request: BossMessage;
  readonly requestFrame: Uint8Array;
  readonly outcome: BookOutcome;
  readonly answer?: BossMessage;
  readonly answerFrame?: Uint8Array;
  /** Clock time when the outcome was known, ms. */
  readonly at: number;
}

/** One line of a YH results file the bank debited: what its DKMX detail file lists. [§7] */
export interface WithholdingDebit {
  readonly date: string;
  readonly bankSerial: string;
  readonly custno: string;
  readonly acctno: string;
  readonly amount: string;
  readonly txTime: string;
}

/** Count and total (fen, as decimal text) of a list of records. */
export interface Totals {
  readonly count: number;
  readonly total: string;
}

const PAY = '1002';
const DELETE = '1005';

/**
 * The bank front-end's own books: every request it sent (or meant to) with its answer, and every
 * withholding debit it made. The daily files and the reconciliation totals come from here, so they
 * list what the bank did, including what the BOSS never saw.
 */
export class BankBooks {
  private readonly list: BookEntry[] = [];
  private readonly debitList: WithholdingDebit[] = [];

  constructor(private readonly successCode = '0000') {}

  record(entry: BookEntry): void {
    this.list.push(entry);
  }

  recordDebit(debit: WithholdingDebit): void {
    this.debitList.push(debit);
  }

  get entries(): readonly BookEntry[] {
    return this.list;
  }

  get debits(): readonly WithholdingDebit[] {
    return this.debitList;
  }

  /**
   * The payments (1002) of `date` the bank holds money for: answered 0000, lost, or left without an
   * answer (the customer paid at the counter either way), less those a 1005 reversed with 0000;
   * each BANKSERIAL once, however often the bank retried it.
   */
  cashPayments(date: string): BookEntry[] {
    const reversed = new Set(
      this.list.filter((e) => e.request.txcode === DELETE && e.request.header.TXDATE === date && this.succeeded(e)).map((e) => e.request.fields.ORIGSERIAL),
    );
    // A retry of a payment carries its BANKSERIAL again: still one payment. [§3: unique per (BANKCODE, TXDATE); §5]
    const seen = new Set<string>();
    return this.list.filter((e) => {
      const serial = e.request.header.BANKSERIAL ?? '';
      const counts =
        e.request.txcode === PAY &&
        e.request.header.TXDATE === date &&
        (e.outcome !== 'answered' || this.succeeded(e)) &&
        !reversed.has(serial) &&
        !seen.has(serial);
      if (counts) seen.add(serial);
      return counts;
    });
  }

  withholdingDebits(date: string): WithholdingDebit[] {
    return this.debitList.filter((d) => d.date === date);
  }

  cashTotals(date: string): Totals {
    return totals(this.cashPayments(date).map((e) => e.request.fields.AMOUNT ?? '0'));
  }

  withholdingTotals(date: string): Totals {
    return totals(this.withholdingDebits(date).map((d) => d.amount));
  }

  private succeeded(entry: BookEntry): boolean {
    return entry.outcome === 'answered' && entry.answer?.header.RESPCODE === this.successCode;
  }
}

export function totals(amounts: readonly string[]): Totals {
  return { count: amounts.length, total: amounts.reduce((sum, a) => sum + BigInt(a), 0n).toString() };
}
