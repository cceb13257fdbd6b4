import type { Decision, FileRecord, NewException, ReconciliationRun } from '../../batch/ledger.ts';
import { LedgerRuleError } from '../errors.ts';
import type { Db } from './connection.ts';

/** A posted YH line as the key tables hold it, with the payment's values. */
export interface PostingRow {
  bankserial: string;
  seq: number;
  bossserial: string;
  custno: string;
  acctno: string;
  amount: number;
}

/**
 * The batch side's changes, on the write connection. Used only inside a unit of the store's queue,
 * so each statement runs in that unit's savepoint and commits with it. [bank-interface §5, §7]
 */
export class BatchWrites {
  private readonly insertFile;
  private readonly insertRun;
  private readonly supersede;
  private readonly runById;
  private readonly insertException;
  private readonly decide;
  private readonly postingBySeq;
  private readonly paymentIdOf;
  private readonly insertPosting;

  constructor(db: Db) {
    // the first decision on a content stays: a second record of the same content (two processes
    // racing on one in/) changes nothing
    this.insertFile = db.prepare(
      `INSERT INTO batch_files (bankcode, sha256, name, layout, date, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bankcode, sha256) DO NOTHING`,
    );
    this.insertRun = db.prepare('INSERT INTO recon_runs (bankcode, date, kind, file_name, sha256, started_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.supersede = db.prepare(`UPDATE recon_exceptions SET status = 'superseded' WHERE bankcode = ? AND date = ? AND kind = ? AND status = 'open'`);
    this.runById = db.prepare<[number], { bankcode: string; date: string; kind: string; started_at: number }>(
      'SELECT bankcode, date, kind, started_at FROM recon_runs WHERE id = ?',
    );
    this.insertException = db.prepare(
      `INSERT INTO recon_exceptions (run_id, bankcode, date, kind, category, bankserial, bank_custno, bank_amount, bank_line, boss_custno, boss_amount, boss_serial, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.decide = db.prepare(
      `UPDATE recon_exceptions SET status = 'resolved', decision_action = ?, decided_by = ?, decided_at = ?, decision_reason = ?, decision_serial = ?
       WHERE id = ? AND status = 'open'`,
    );
    this.postingBySeq = db.prepare<[string, string, number], PostingRow>(
      `SELECT w.bankserial, w.seq, p.bossserial, p.custno, p.acctno, p.amount
       FROM withholding_postings w JOIN payments p ON p.id = w.payment_id
       WHERE w.bankcode = ? AND w.date = ? AND w.seq = ?`,
    );
    this.paymentIdOf = db.prepare<[string], { id: number }>('SELECT id FROM payments WHERE bossserial = ?');
    this.insertPosting = db.prepare('INSERT INTO withholding_postings (bankcode, date, seq, bankserial, payment_id, file_name) VALUES (?, ?, ?, ?, ?, ?)');
  }

  recordFile(record: FileRecord): void {
    this.insertFile.run(record.bankcode, record.sha256, record.name, record.layout, record.date, record.outcome, record.reason ?? null, record.at);
  }

  /** Starts a run and supersedes what the earlier runs of the same bank, date and kind left open; returns the run's row id. */
  beginRun(run: ReconciliationRun): number {
    this.supersede.run(run.bankcode, run.date, run.kind);
    return Number(this.insertRun.run(run.bankcode, run.date, run.kind, run.fileName, run.sha256, run.startedAt).lastInsertRowid);
  }

  run(rowid: number): { bankcode: string; date: string; kind: string; started_at: number } | undefined {
    return this.runById.get(rowid);
  }

  addException(runRowid: number, run: { bankcode: string; date: string; kind: string; started_at: number }, exception: NewException): void {
    const { bank, boss } = exception;
    this.insertException.run(
      runRowid,
      run.bankcode,
      run.date,
      run.kind,
      exception.category,
      exception.bankSerial,
      bank?.custno ?? null,
      bank?.amount ?? null,
      bank?.line ?? null,
      boss?.custno ?? null,
      boss?.amount ?? null,
      boss?.bossSerial ?? null,
      run.started_at,
    );
  }

  /** Records the decision on an open exception; false when it was not open (nothing written). */
  recordDecision(rowid: number, decision: Decision, serial: string | undefined): boolean {
    return this.decide.run(decision.action, decision.by, decision.at, decision.reason, serial ?? null, rowid).changes > 0;
  }

  postingBySequence(bankcode: string, date: string, seq: number): PostingRow | undefined {
    return this.postingBySeq.get(bankcode, date, seq);
  }

  /** Keys a posted payment by its YH line: (bank, date, SEQ) and (bank, date, BANKSERIAL), each once. */
  keyPosting(posting: { bankcode: string; date: string; seq: number; bankSerial: string; bossSerial: string; fileName: string }): void {
    const payment = this.paymentIdOf.get(posting.bossSerial);
    if (!payment) throw new LedgerRuleError('payment', `${posting.bossSerial} was just posted and is not there`);
    this.insertPosting.run(posting.bankcode, posting.date, posting.seq, posting.bankSerial, payment.id, posting.fileName);
  }
}
