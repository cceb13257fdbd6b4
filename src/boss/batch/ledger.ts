/**
 * What the daily-file side needs from the BOSS ledger, and nothing more. The SQLite store implements
 * it; `test/boss/batch/support/memory-ledger.ts` is the reference model it is checked against.
 * Every method may be asynchronous. The batch side calls `postWithholding` for many lines of one YH
 * at once (their units then share commits) and waits for each other call before the next; each call
 * must be atomic (a crash leaves it applied or not at all), and calls made together take effect in
 * the order they were made.
 * Money is integer fen; dates are YYYYMMDD. [bank-interface §7]
 */

/** Which BOSS entries a detail file is reconciled against: XJMX → cash, DKMX → withholding. */
export type EntryKind = 'cash' | 'withholding';

/** One active withholding agreement of an active customer, with what the customer owes now. */
export interface WithholdingDue {
  readonly custno: string;
  readonly acctno: string;
  readonly acctname: string;
  /** Arrears in fen, >= 0; the DK writer leaves out customers owing nothing. */
  readonly arrears: number;
}

/** One debited line (RESULT 0) of a bank's YH file. [§7 YH] */
export interface WithholdingResult {
  readonly bankcode: string;
  /** The YH file's DATE: the posting's date, also the date of its `W…` serial. */
  readonly date: string;
  readonly seq: number;
  readonly custno: string;
  readonly acctno: string;
  readonly amount: number;
  readonly bankSerial: string;
  /** The file the line came from, for the record. */
  readonly fileName: string;
}

/**
 * `posted`: new, applied now. `alreadyPosted`: the identical line (same key, customer, account,
 * amount, BANKSERIAL) was posted before; nothing changed. `conflict`: the key (bankcode, date, SEQ)
 * or (bankcode, date, BANKSERIAL) is taken by a different line; nothing changed.
 */
export type PostingOutcome =
  | { readonly status: 'posted'; readonly bossSerial: string }
  | { readonly status: 'alreadyPosted'; readonly bossSerial: string }
  | { readonly status: 'conflict'; readonly bossSerial: string; readonly message: string };

/** A live BOSS entry (payment not reversed) as reconciliation sees it. */
export interface LedgerEntry {
  readonly bankSerial: string;
  readonly custno: string;
  readonly amount: number;
  readonly bossSerial: string;
}

/** A file the batch side decided on; `rejected` files carry the reason. */
export interface FileRecord {
  readonly bankcode: string;
  readonly name: string;
  readonly sha256: string;
  /** Layout id (`YH`, `XJMX`, `DKMX`), or '' when the name fits no inbound layout. */
  readonly layout: string;
  /** The date in the file name, or ''. */
  readonly date: string;
  readonly outcome: 'processed' | 'rejected';
  /** Why a file was rejected: `line 1 COUNT: header says 4, the file has 3 detail lines`. */
  readonly reason?: string;
  /** ms since the epoch. */
  readonly at: number;
}

export type ExceptionCategory = 'bankOnly' | 'bossOnly' | 'differs';

/** One reconciliation of a detail file: exceptions belong to a run. */
export interface ReconciliationRun {
  readonly bankcode: string;
  readonly date: string;
  readonly kind: EntryKind;
  readonly fileName: string;
  readonly sha256: string;
  readonly startedAt: number;
}

/** The bank's side of a record: the detail line. */
export interface BankSide {
  readonly custno: string;
  readonly amount: number;
  /** 1-based line number in the file (the header is line 1). */
  readonly line: number;
}

/** The BOSS side of a record: the ledger entry. */
export interface BossSide {
  readonly custno: string;
  readonly amount: number;
  readonly bossSerial: string;
}

/** A record reconciliation could not match: bank-only has `bank`, BOSS-only `boss`, differs both. */
export interface NewException {
  readonly category: ExceptionCategory;
  readonly bankSerial: string;
  readonly bank?: BankSide;
  readonly boss?: BossSide;
}

export type DecisionAction = 'makeup' | 'reverse' | 'accept';

export interface Decision {
  readonly action: DecisionAction;
  /** Who decided (operator id). */
  readonly by: string;
  /** ms since the epoch. */
  readonly at: number;
  /** Why; required for `accept`, may be '' otherwise. */
  readonly reason: string;
}

export interface ReconException extends NewException {
  /** Assigned by the ledger; opaque to the batch side. */
  readonly id: string;
  readonly runId: string;
  readonly bankcode: string;
  readonly date: string;
  readonly kind: EntryKind;
  readonly fileName: string;
  /** `superseded`: a later run of the same bank, date and kind replaced this open exception. */
  readonly status: 'open' | 'resolved' | 'superseded';
  readonly decision?: Decision;
  /** The BOSSSERIAL the decision posted (make-up) or created (reversal), when it did. */
  readonly decisionSerial?: string;
  readonly createdAt: number;
}

export interface ExceptionFilter {
  readonly bankcode?: string;
  readonly date?: string;
  readonly kind?: EntryKind;
  readonly status?: ReconException['status'];
}

/**
 * `resolved`: the decision is recorded and its effect applied in the same commit; `decisionSerial`
 * is the make-up payment or the reversal. `notFound`, `notOpen` (resolved or superseded before):
 * nothing changed. `refused`: the ledger cannot apply the effect (the payment is already reversed,
 * the customer is gone); nothing changed.
 */
export type DecisionOutcome =
  | { readonly status: 'resolved'; readonly exception: ReconException }
  | { readonly status: 'notFound' }
  | { readonly status: 'notOpen'; readonly exception: ReconException }
  | { readonly status: 'refused'; readonly message: string };

export interface BatchLedger {
  /** Active agreements of `bankcode` with active customers, in CUSTNO order. → DK lines. */
  withholdingsDue(bankcode: string): AsyncIterable<WithholdingDue>;

  /**
   * Posts one debited YH line as a withholding payment (`W…` serial, dated `line.date`), settling
   * arrears oldest month first, at most once per (bankcode, date, SEQ) and per (bankcode, date,
   * BANKSERIAL). [§7: posts each debited record exactly once]
   */
  postWithholding(line: WithholdingResult): Promise<PostingOutcome>;

  /**
   * The live entries of `bankcode` dated `date` of that kind, sorted by bankSerial in ascending
   * binary (ASCII) order, each bankSerial at most once. Cash: 1002 payments by their TXDATE and
   * make-ups by their ORIGDATE; withholding: YH postings by their file date. Reversed payments are
   * left out. [§7 detail reconciliation]
   */
  entries(bankcode: string, date: string, kind: EntryKind): AsyncIterable<LedgerEntry>;

  /** The decision already taken on a file of this bank with this content, if any. */
  fileRecord(bankcode: string, sha256: string): Promise<FileRecord | undefined>;
  recordFile(record: FileRecord): Promise<void>;

  /**
   * Starts a reconciliation run and marks the still-open exceptions of earlier runs with the same
   * bank, date and kind `superseded`. Returns the run's id.
   */
  beginReconciliation(run: ReconciliationRun): Promise<string>;
  /** Stores exceptions of a run, status `open`; called with chunks, in record order. */
  addExceptions(runId: string, exceptions: readonly NewException[]): Promise<void>;
  /** Exceptions matching every given filter field, in the order they were added. */
  listExceptions(filter: ExceptionFilter): Promise<ReconException[]>;
  getException(id: string): Promise<ReconException | undefined>;

  /**
   * Records the decision on an open exception and applies it in one commit: `makeup` posts the
   * bank-only record as a payment (cash: as a 1006 make-up with ORIGDATE = the run's date;
   * withholding: as a withholding posting), `reverse` reverses the BOSS-only payment, `accept`
   * changes nothing else. The batch side has already checked the action fits the category.
   */
  resolveException(id: string, decision: Decision): Promise<DecisionOutcome>;
}
