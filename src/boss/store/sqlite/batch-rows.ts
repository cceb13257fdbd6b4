import type { DecisionAction, EntryKind, ExceptionCategory, FileRecord, ReconException } from '../../batch/ledger.ts';

/**
 * Rows of the batch tables (migration 002) and the records the batch side sees. Ids are opaque to
 * the batch side; here they are the row id behind a prefix (`RUN7`, `EX42`), so an operator can type
 * them and a wrong one is simply not found.
 */
export const RUN_ID_PREFIX = 'RUN';
export const EXCEPTION_ID_PREFIX = 'EX';

export function formatId(prefix: string, rowid: number | bigint): string {
  return `${prefix}${String(rowid)}`;
}

/** The row id behind `PREFIX<digits>`, or undefined for anything else. */
export function parseId(prefix: string, id: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const digits = id.slice(prefix.length);
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return undefined;
  const rowid = Number(digits);
  return Number.isSafeInteger(rowid) ? rowid : undefined;
}

export interface FileRow {
  bankcode: string;
  sha256: string;
  name: string;
  layout: string;
  date: string;
  outcome: FileRecord['outcome'];
  reason: string | null;
  at: number;
}

export const FILE_COLUMNS = 'bankcode, sha256, name, layout, date, outcome, reason, at';

export function toFileRecord(row: FileRow): FileRecord {
  return {
    bankcode: row.bankcode,
    name: row.name,
    sha256: row.sha256,
    layout: row.layout,
    date: row.date,
    outcome: row.outcome,
    ...(row.reason === null ? {} : { reason: row.reason }),
    at: row.at,
  };
}

export interface ExceptionRow {
  id: number;
  run_id: number;
  bankcode: string;
  date: string;
  kind: EntryKind;
  file_name: string;
  category: ExceptionCategory;
  bankserial: string;
  bank_custno: string | null;
  bank_amount: number | null;
  bank_line: number | null;
  boss_custno: string | null;
  boss_amount: number | null;
  boss_serial: string | null;
  status: ReconException['status'];
  decision_action: DecisionAction | null;
  decided_by: string | null;
  decided_at: number | null;
  decision_reason: string | null;
  decision_serial: string | null;
  created_at: number;
}

/** An exception with its run's file name; `e` is recon_exceptions, `r` recon_runs. */
export const EXCEPTION_SELECT = `SELECT e.id, e.run_id, e.bankcode, e.date, e.kind, r.file_name, e.category, e.bankserial,
  e.bank_custno, e.bank_amount, e.bank_line, e.boss_custno, e.boss_amount, e.boss_serial, e.status,
  e.decision_action, e.decided_by, e.decided_at, e.decision_reason, e.decision_serial, e.created_at
  FROM recon_exceptions e JOIN recon_runs r ON r.id = e.run_id`;

/** The record as the batch side sees it: absent sides, decision and serial are left out, not undefined. */
export function toException(row: ExceptionRow): ReconException {
  return {
    id: formatId(EXCEPTION_ID_PREFIX, row.id),
    runId: formatId(RUN_ID_PREFIX, row.run_id),
    bankcode: row.bankcode,
    date: row.date,
    kind: row.kind,
    fileName: row.file_name,
    category: row.category,
    bankSerial: row.bankserial,
    ...(row.bank_custno === null ? {} : { bank: { custno: row.bank_custno, amount: row.bank_amount ?? 0, line: row.bank_line ?? 0 } }),
    ...(row.boss_serial === null ? {} : { boss: { custno: row.boss_custno ?? '', amount: row.boss_amount ?? 0, bossSerial: row.boss_serial } }),
    status: row.status,
    ...(row.decision_action === null
      ? {}
      : { decision: { action: row.decision_action, by: row.decided_by ?? '', at: row.decided_at ?? 0, reason: row.decision_reason ?? '' } }),
    ...(row.decision_serial === null ? {} : { decisionSerial: row.decision_serial }),
    createdAt: row.created_at,
  };
}
