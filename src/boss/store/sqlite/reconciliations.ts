import type { EntryQuery, ReconciliationInput } from '../records.ts';
import type { Db } from './connection.ts';

/** Total reconciliations asked by the banks, and whether a date is reconciled. [bank-interface §4 2001/2002] */
export class ReconciliationTable {
  private readonly insert;
  private readonly matched;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO reconciliations (bankcode, chkdate, kind, bank_count, bank_total, boss_count, boss_total, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.matched = db.prepare<[string, string, string], { one: number }>(
      `SELECT 1 AS one FROM reconciliations WHERE bankcode = ? AND chkdate = ? AND kind = ? AND result = '0' LIMIT 1`,
    );
  }

  record(input: ReconciliationInput): void {
    this.insert.run(input.bankcode, input.chkdate, input.kind, input.bank.count, input.bank.total, input.boss.count, input.boss.total, input.matched ? '0' : '1');
  }

  /** Once a RESULT `0` was answered the date stays reconciled, whatever later reconciliations say. [§4] */
  isReconciled(query: EntryQuery): boolean {
    return this.matched.get(query.bankcode, query.date, query.kind) !== undefined;
  }
}
