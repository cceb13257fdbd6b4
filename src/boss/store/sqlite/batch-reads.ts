import type { Statement } from 'better-sqlite3';
import type { ExceptionFilter, FileRecord, ReconException, WithholdingDue } from '../../batch/ledger.ts';
import { EXCEPTION_ID_PREFIX, EXCEPTION_SELECT, FILE_COLUMNS, parseId, toException, toFileRecord, type ExceptionRow, type FileRow } from './batch-rows.ts';
import type { Db } from './connection.ts';

/** The filter fields in the order their conditions are written; a statement is prepared per combination used. */
const FILTERS = [
  ['bankcode', 'e.bankcode = ?'],
  ['date', 'e.date = ?'],
  ['kind', 'e.kind = ?'],
  ['status', 'e.status = ?'],
] as const;

/**
 * The batch side's questions, on whichever connection they are asked: the store's read connection
 * for plain reads, the write connection inside a unit when a decision must see what it changes.
 */
export class BatchReads {
  private readonly file;
  private readonly oneException;
  private readonly due;
  private readonly lists = new Map<string, Statement<unknown[], ExceptionRow>>();

  constructor(private readonly db: Db) {
    this.file = db.prepare<[string, string], FileRow>(`SELECT ${FILE_COLUMNS} FROM batch_files WHERE bankcode = ? AND sha256 = ?`);
    this.oneException = db.prepare<[number], ExceptionRow>(`${EXCEPTION_SELECT} WHERE e.id = ?`);
    // [§7 DK] active agreements of active customers only: a suspended or closed account is not debited
    this.due = db.prepare<[string], WithholdingDue>(
      `SELECT a.custno, a.acctno, a.acctname,
              coalesce((SELECT sum(b.amount - b.paid) FROM bills b WHERE b.custno = a.custno), 0) AS arrears
       FROM agreements a JOIN customers c ON c.custno = a.custno
       WHERE a.bankcode = ? AND a.status = 'active' AND c.status = 'active'
       ORDER BY a.custno`,
    );
  }

  fileRecord(bankcode: string, sha256: string): FileRecord | undefined {
    const row = this.file.get(bankcode, sha256);
    return row && toFileRecord(row);
  }

  /** By the id the batch side was given (`EX42`); undefined for an id of any other shape. */
  exception(id: string): ReconException | undefined {
    const row = this.exceptionRow(id);
    return row && toException(row);
  }

  exceptionRow(id: string): ExceptionRow | undefined {
    const rowid = parseId(EXCEPTION_ID_PREFIX, id);
    return rowid === undefined ? undefined : this.oneException.get(rowid);
  }

  /** In the order they were added (row id). */
  listExceptions(filter: ExceptionFilter): ReconException[] {
    const used = FILTERS.filter(([key]) => filter[key] !== undefined);
    const key = used.map(([name]) => name).join(',');
    let statement = this.lists.get(key);
    if (statement === undefined) {
      const where = used.length === 0 ? '' : ` WHERE ${used.map(([, condition]) => condition).join(' AND ')}`;
      statement = this.db.prepare<unknown[], ExceptionRow>(`${EXCEPTION_SELECT}${where} ORDER BY e.id`);
      this.lists.set(key, statement);
    }
    return statement.all(...used.map(([name]) => filter[name])).map(toException);
  }

  withholdingsDue(bankcode: string): WithholdingDue[] {
    return this.due.all(bankcode);
  }
}
