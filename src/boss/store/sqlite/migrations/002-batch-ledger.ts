import type { Migration } from './types.ts';

/**
 * The daily-file side of the ledger (`BatchLedger`, src/boss/batch/ledger.ts): inbound files decided
 * on, withholding postings keyed exactly once, detail reconciliation runs and their exceptions with
 * the decisions taken on them. Times are INTEGER ms since the epoch; the CHECKs keep what a bug
 * elsewhere must not break (a decision always says who, when and why; a resolved exception always
 * has its decision; each category has the sides it must have). [bank-interface §7]
 */
export const batchLedger: Migration = {
  version: 2,
  name: 'batch ledger: files, withholding postings, reconciliation runs and exceptions',
  sql: `
-- [§7] every inbound file decided on, by content: the same content is never processed twice
CREATE TABLE batch_files (
  bankcode  TEXT NOT NULL REFERENCES banks(bankcode),
  sha256    TEXT NOT NULL,
  name      TEXT NOT NULL,
  layout    TEXT NOT NULL,
  date      TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('processed', 'rejected')),
  reason    TEXT CHECK (reason IS NULL OR outcome = 'rejected'),
  at        INTEGER NOT NULL,
  PRIMARY KEY (bankcode, sha256)
) STRICT;

-- [§7 YH: posts each debited record exactly once] one row per posted YH line, keyed by its SEQ and
-- by its BANKSERIAL within (bank, date); the payment (channel withholding) holds the money
CREATE TABLE withholding_postings (
  bankcode    TEXT NOT NULL REFERENCES banks(bankcode),
  date        TEXT NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq >= 0),
  bankserial  TEXT NOT NULL,
  payment_id  INTEGER NOT NULL UNIQUE REFERENCES payments(id),
  file_name   TEXT NOT NULL,
  PRIMARY KEY (bankcode, date, seq),
  UNIQUE (bankcode, date, bankserial)
) STRICT, WITHOUT ROWID;

-- [§7 detail reconciliation] one row per XJMX/DKMX file reconciled
CREATE TABLE recon_runs (
  id          INTEGER PRIMARY KEY,
  bankcode    TEXT NOT NULL REFERENCES banks(bankcode),
  date        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('cash', 'withholding')),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  started_at  INTEGER NOT NULL
) STRICT;

-- [§7] every non-matched record, for manual handling; nothing changes without a recorded decision.
-- bankcode, date and kind repeat the run's, so that listing by them needs no join
CREATE TABLE recon_exceptions (
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL REFERENCES recon_runs(id),
  bankcode         TEXT NOT NULL,
  date             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('cash', 'withholding')),
  category         TEXT NOT NULL CHECK (category IN ('bankOnly', 'bossOnly', 'differs')),
  bankserial       TEXT NOT NULL,
  bank_custno      TEXT,
  bank_amount      INTEGER,
  bank_line        INTEGER,
  boss_custno      TEXT,
  boss_amount      INTEGER,
  boss_serial      TEXT,
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'superseded')),
  decision_action  TEXT CHECK (decision_action IN ('makeup', 'reverse', 'accept')),
  decided_by       TEXT,
  decided_at       INTEGER,
  decision_reason  TEXT,
  decision_serial  TEXT,
  created_at       INTEGER NOT NULL,
  CHECK ((bank_custno IS NULL) = (category = 'bossOnly')),
  CHECK ((boss_serial IS NULL) = (category = 'bankOnly')),
  CHECK ((status = 'resolved') = (decision_action IS NOT NULL)),
  CHECK (decision_action IS NULL OR (coalesce(decided_by, '') <> '' AND decided_at IS NOT NULL AND decision_reason IS NOT NULL)),
  CHECK (decision_action IS NOT 'accept' OR decision_reason <> '')
) STRICT;
CREATE INDEX recon_exceptions_by_date ON recon_exceptions (bankcode, date, kind, status);
CREATE INDEX recon_exceptions_by_run ON recon_exceptions (run_id);
`,
};
