import type { Migration } from './types.ts';

/**
 * The ledger of the BOSS bank interface. Money is INTEGER fen; dates TEXT YYYYMMDD; the CHECKs keep
 * the invariants a bug elsewhere must not break (no negative balance, a bill never paid beyond its
 * amount). [bank-interface §3–§7]
 */
export const initial: Migration = {
  version: 1,
  name: 'initial ledger',
  sql: `
CREATE TABLE banks (
  bankcode      TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  ftp_user      TEXT NOT NULL UNIQUE,
  ftp_password  TEXT NOT NULL
) STRICT;

-- [§1] each BANKCODE is bound to the IPs it may send from; their union is the allow-list
CREATE TABLE bank_addresses (
  bankcode  TEXT NOT NULL REFERENCES banks(bankcode) ON DELETE CASCADE,
  address   TEXT NOT NULL,
  PRIMARY KEY (bankcode, address)
) STRICT, WITHOUT ROWID;

-- [§6 1001] TXCODEs enabled per bank
CREATE TABLE bank_txcodes (
  bankcode  TEXT NOT NULL REFERENCES banks(bankcode) ON DELETE CASCADE,
  txcode    TEXT NOT NULL,
  PRIMARY KEY (bankcode, txcode)
) STRICT, WITHOUT ROWID;

CREATE TABLE customers (
  custno   TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  address  TEXT NOT NULL,
  status   TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
  balance  INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
) STRICT;

CREATE TABLE bills (
  id      INTEGER PRIMARY KEY,
  custno  TEXT NOT NULL REFERENCES customers(custno),
  month   TEXT NOT NULL,
  item    TEXT NOT NULL,
  amount  INTEGER NOT NULL CHECK (amount > 0),
  paid    INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= amount),
  UNIQUE (custno, month, item)
) STRICT;

CREATE TABLE payments (
  id          INTEGER PRIMARY KEY,
  bossserial  TEXT NOT NULL UNIQUE,
  bankcode    TEXT NOT NULL REFERENCES banks(bankcode),
  txdate      TEXT NOT NULL,
  bankserial  TEXT NOT NULL,
  custno      TEXT NOT NULL REFERENCES customers(custno),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  paytype     TEXT NOT NULL DEFAULT '',
  channel     TEXT NOT NULL CHECK (channel IN ('realtime', 'makeup', 'withholding')),
  txtime      TEXT NOT NULL,
  teller      TEXT NOT NULL DEFAULT '',
  acctno      TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed'))
) STRICT;
-- [§3] BANKSERIAL is unique per (BANKCODE, TXDATE); the same index gives the ordered iteration of a
-- bank's entries for a date (no sort) and the reconciliation totals
CREATE UNIQUE INDEX payments_bank_key ON payments (bankcode, txdate, bankserial);
CREATE INDEX payments_customer ON payments (custno);

-- how each payment was split, so a reversal restores exactly; bill_id NULL = prepaid balance
CREATE TABLE allocations (
  payment_id  INTEGER NOT NULL REFERENCES payments(id),
  seq         INTEGER NOT NULL,
  bill_id     INTEGER REFERENCES bills(id),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  PRIMARY KEY (payment_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE reversals (
  reversalserial  TEXT PRIMARY KEY,
  payment_id      INTEGER NOT NULL UNIQUE REFERENCES payments(id),
  bankcode        TEXT NOT NULL,
  txdate          TEXT NOT NULL,
  bankserial      TEXT NOT NULL
) STRICT;

CREATE TABLE agreements (
  agreementserial  TEXT PRIMARY KEY,
  custno           TEXT NOT NULL REFERENCES customers(custno),
  bankcode         TEXT NOT NULL REFERENCES banks(bankcode),
  acctno           TEXT NOT NULL,
  acctname         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
  created_on       TEXT NOT NULL,
  cancelled_on     TEXT NOT NULL DEFAULT ''
) STRICT;
-- one active withholding agreement per customer [§6 2006]
CREATE UNIQUE INDEX agreements_active ON agreements (custno) WHERE status = 'active';
CREATE INDEX agreements_bank ON agreements (bankcode, status, custno);

-- [§4 2001/2002] every total reconciliation asked, with both sides and the result
CREATE TABLE reconciliations (
  id          INTEGER PRIMARY KEY,
  bankcode    TEXT NOT NULL REFERENCES banks(bankcode),
  chkdate     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('cash', 'withholding')),
  bank_count  INTEGER NOT NULL,
  bank_total  INTEGER NOT NULL,
  boss_count  INTEGER NOT NULL,
  boss_total  INTEGER NOT NULL,
  result      TEXT NOT NULL CHECK (result IN ('0', '1'))
) STRICT;
CREATE INDEX reconciliations_date ON reconciliations (bankcode, chkdate, kind, result);

CREATE TABLE invoices (
  invoiceno    TEXT PRIMARY KEY,
  payment_id   INTEGER NOT NULL UNIQUE REFERENCES payments(id),
  custname     TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('issued', 'printed', 'voided')),
  void_reason  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE invoice_items (
  invoiceno  TEXT NOT NULL REFERENCES invoices(invoiceno),
  seq        INTEGER NOT NULL,
  item       TEXT NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount > 0),
  PRIMARY KEY (invoiceno, seq)
) STRICT, WITHOUT ROWID;

-- [§5] idempotency: the key, the request as received and the answer as sent
CREATE TABLE exchanges (
  bankcode    TEXT NOT NULL,
  txdate      TEXT NOT NULL,
  bankserial  TEXT NOT NULL,
  txcode      TEXT NOT NULL,
  request     BLOB NOT NULL,
  response    BLOB NOT NULL,
  respcode    TEXT NOT NULL,
  bossserial  TEXT NOT NULL,
  PRIMARY KEY (bankcode, txdate, bankserial)
) STRICT, WITHOUT ROWID;

-- per-(prefix, date) sequences of BOSS serials
CREATE TABLE serials (
  prefix  TEXT NOT NULL,
  date    TEXT NOT NULL,
  last    INTEGER NOT NULL,
  PRIMARY KEY (prefix, date)
) STRICT, WITHOUT ROWID;
`,
};
