import { LedgerOrderError } from '../errors.ts';
import type { LedgerEntry, NewException } from '../ledger.ts';
import { compareKeys, type SortedBankLines } from './bank-lines.ts';

/**
 * Detail reconciliation as a merge of two BANKSERIAL-sorted sequences: the bank's lines (in memory,
 * compact) and the BOSS entries (streamed from the ledger, never collected). Each pair or single is
 * sorted into matched, bank-only (长款: the bank has it, BOSS not), BOSS-only (短款) or differs
 * (same BANKSERIAL, amount or customer differs). Only non-matched records become objects, handed to
 * the sink; matched ones are counted. Pure: no IO except through the sink; changes nothing.
 * [bank-interface §7 detail reconciliation]
 */
export interface ReconcileSink {
  /** Takes one non-matched record, in BANKSERIAL order; must not block. */
  add(record: NewException): void;
  /** True when the engine should await `flush()` before going on (backpressure). */
  readonly full: boolean;
  flush(): Promise<void>;
}

export interface CategoryTotal {
  count: number;
  /** Sum of the amounts in fen. */
  amount: number;
}

export interface ReconTotals {
  /** Every bank line and every BOSS entry, before sorting into categories. */
  bank: CategoryTotal;
  boss: CategoryTotal;
  matched: CategoryTotal;
  bankOnly: CategoryTotal;
  bossOnly: CategoryTotal;
  /** `amount` is the bank's side; `bossAmount` the BOSS's side of the same records. */
  differs: CategoryTotal & { bossAmount: number };
}

export type EntrySource = AsyncIterable<LedgerEntry> | Iterable<LedgerEntry>;

export async function reconcile(bank: SortedBankLines, boss: EntrySource, sink: ReconcileSink): Promise<ReconTotals> {
  const totals: ReconTotals = {
    bank: { count: 0, amount: 0 },
    boss: { count: 0, amount: 0 },
    matched: { count: 0, amount: 0 },
    bankOnly: { count: 0, amount: 0 },
    bossOnly: { count: 0, amount: 0 },
    differs: { count: 0, amount: 0, bossAmount: 0 },
  };
  let rank = 0;
  let previous: string | undefined;

  const bankOnly = (): void => {
    const amount = bank.amountAt(rank);
    totals.bankOnly.count++;
    totals.bankOnly.amount += amount;
    sink.add({ category: 'bankOnly', bankSerial: bank.keyAt(rank), bank: { custno: bank.custnoAt(rank), amount, line: bank.lineAt(rank) } });
    rank++;
  };

  const pair = (entry: LedgerEntry): void => {
    const key = entry.bankSerial;
    if (rank < bank.size && bank.keyAt(rank) === key) {
      const amount = bank.amountAt(rank);
      const custno = bank.custnoAt(rank);
      if (amount === entry.amount && custno === entry.custno) {
        totals.matched.count++;
        totals.matched.amount += amount;
      } else {
        totals.differs.count++;
        totals.differs.amount += amount;
        totals.differs.bossAmount += entry.amount;
        sink.add({ category: 'differs', bankSerial: key, bank: { custno, amount, line: bank.lineAt(rank) }, boss: bossSide(entry) });
      }
      rank++;
    } else {
      totals.bossOnly.count++;
      totals.bossOnly.amount += entry.amount;
      sink.add({ category: 'bossOnly', bankSerial: key, boss: bossSide(entry) });
    }
  };

  // for await also walks a plain iterable (one microtask per entry, cheap next to the ledger's read)
  for await (const entry of boss) {
    const key = entry.bankSerial;
    if (previous !== undefined && compareKeys(previous, key) >= 0) throw new LedgerOrderError(previous, key);
    previous = key;
    totals.boss.count++;
    totals.boss.amount += entry.amount;
    while (rank < bank.size && compareKeys(bank.keyAt(rank), key) < 0) {
      bankOnly();
      if (sink.full) await sink.flush();
    }
    pair(entry);
    if (sink.full) await sink.flush();
  }
  while (rank < bank.size) {
    bankOnly();
    if (sink.full) await sink.flush();
  }
  await sink.flush();

  for (let r = 0; r < bank.size; r++) totals.bank.amount += bank.amountAt(r);
  totals.bank.count = bank.size;
  return totals;
}

function bossSide(entry: LedgerEntry): { custno: string; amount: number; bossSerial: string } {
  return { custno: entry.custno, amount: entry.amount, bossSerial: entry.bossSerial };
}
