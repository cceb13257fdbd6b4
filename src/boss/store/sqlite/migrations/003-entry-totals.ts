import type { Migration } from './types.ts';

/**
 * A running count and total of every bank's posted (not reversed) entries per accounting date and
 * kind, kept by triggers on `payments` so that no writer can forget it. Posting reads it to refuse a
 * payment that would take a day's total past what the 12-digit BOSSTOTAL of 2001/2002 can carry
 * (summing a day's payments on every posting would cost a scan of that day). Filled from the
 * payments already there. No CHECK on `total`: a file that already holds an oversized day must still
 * open; the posting code refuses to make it larger. [bank-interface §2 amounts 1..12 digits, §4 2001/2002]
 * Also an index of payments by (bankcode, bankserial) across dates: a 1005 whose ORIGSERIAL is not
 * on the request's TXDATE looks for it on the other dates (2005 rather than 2004). [§4 1005]
 */
export const entryTotals: Migration = {
  version: 3,
  name: 'entry totals per bank, date and kind; payments by bank and BANKSERIAL',
  sql: `
CREATE TABLE entry_totals (
  bankcode TEXT NOT NULL,
  date     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('cash', 'withholding')),
  count    INTEGER NOT NULL,
  total    INTEGER NOT NULL,
  PRIMARY KEY (bankcode, date, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO entry_totals (bankcode, date, kind, count, total)
  SELECT bankcode, txdate, CASE channel WHEN 'withholding' THEN 'withholding' ELSE 'cash' END, count(*), sum(amount)
  FROM payments WHERE status = 'posted' GROUP BY 1, 2, 3;

CREATE INDEX payments_bank_serial ON payments (bankcode, bankserial);

CREATE TRIGGER entry_totals_posted AFTER INSERT ON payments WHEN NEW.status = 'posted'
BEGIN
  INSERT INTO entry_totals (bankcode, date, kind, count, total)
    VALUES (NEW.bankcode, NEW.txdate, CASE NEW.channel WHEN 'withholding' THEN 'withholding' ELSE 'cash' END, 1, NEW.amount)
    ON CONFLICT (bankcode, date, kind) DO UPDATE SET count = count + 1, total = total + excluded.total;
END;

CREATE TRIGGER entry_totals_status AFTER UPDATE OF status ON payments WHEN OLD.status <> NEW.status
BEGIN
  INSERT INTO entry_totals (bankcode, date, kind, count, total)
    VALUES (NEW.bankcode, NEW.txdate, CASE NEW.channel WHEN 'withholding' THEN 'withholding' ELSE 'cash' END,
            CASE NEW.status WHEN 'posted' THEN 1 ELSE -1 END, CASE NEW.status WHEN 'posted' THEN NEW.amount ELSE -NEW.amount END)
    ON CONFLICT (bankcode, date, kind) DO UPDATE SET count = count + excluded.count, total = total + excluded.total;
END;
`,
};
