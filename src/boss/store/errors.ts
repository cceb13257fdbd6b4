import { StbpayError } from '../../core/errors.ts';

/** Anything the ledger refuses or cannot do; `code` tells which. */
export class StoreError extends StbpayError {}

/** A unit whose deadline passed before it started: it was not run, nothing was applied. [§1, §6 9999] */
export class DeadlineError extends StoreError {
  readonly deadline: number;
  readonly now: number;

  constructor(deadline: number, now: number) {
    super('BOSS_ERR_DEADLINE', `unit not started: its deadline ${deadline} passed ${now - deadline} ms ago`);
    this.deadline = deadline;
    this.now = now;
  }
}

/** A database file written by newer code: refused rather than misread. */
export class StoreVersionError extends StoreError {
  readonly file: string;
  readonly fileVersion: number;
  readonly codeVersion: number;

  constructor(file: string, fileVersion: number, codeVersion: number) {
    super('BOSS_ERR_STORE_VERSION', `${file}: schema version ${fileVersion} is newer than this code's ${codeVersion}`);
    this.file = file;
    this.fileVersion = fileVersion;
    this.codeVersion = codeVersion;
  }
}

/** The store was closed, or a transaction object was used after its unit ended. */
export class StoreClosedError extends StoreError {
  constructor(what: string) {
    super('BOSS_ERR_STORE_CLOSED', what);
  }
}

/** The commit of a batch failed, or the batch's transaction was lost: this unit was not applied. */
export class StoreCommitError extends StoreError {
  constructor(message: string, cause: unknown) {
    super('BOSS_ERR_STORE_COMMIT', message, { cause });
  }
}

/**
 * Another process held the database's write lock for as long as the units could wait (their
 * deadlines, or LOCK_WAIT_LIMIT_MS for units without one): not run, nothing applied. [§6 9999]
 */
export class StoreBusyError extends StoreError {
  constructor(message: string, cause: unknown) {
    super('BOSS_ERR_STORE_BUSY', message, { cause });
  }
}

export class UnknownCustomerError extends StoreError {
  readonly custno: string;

  constructor(custno: string) {
    super('BOSS_ERR_UNKNOWN_CUSTOMER', `CUSTNO ${custno}: no such customer`);
    this.custno = custno;
  }
}

/** (bankcode, txdate, bankserial) already names a payment. [§3 BANKSERIAL unique per (BANKCODE, TXDATE)] */
export class DuplicatePaymentError extends StoreError {
  readonly bankcode: string;
  readonly txdate: string;
  readonly bankSerial: string;

  constructor(bankcode: string, txdate: string, bankSerial: string) {
    super('BOSS_ERR_DUPLICATE_PAYMENT', `BANKSERIAL ${bankSerial} of ${bankcode} on ${txdate} already names a payment`);
    this.bankcode = bankcode;
    this.txdate = txdate;
    this.bankSerial = bankSerial;
  }
}

export class PaymentNotFoundError extends StoreError {
  readonly bossSerial: string;

  constructor(bossSerial: string) {
    super('BOSS_ERR_PAYMENT_NOT_FOUND', `BOSSSERIAL ${bossSerial}: no such payment`);
    this.bossSerial = bossSerial;
  }
}

/** A change the ledger's own invariants forbid; `field` names what was wrong. */
export class LedgerRuleError extends StoreError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('BOSS_ERR_LEDGER_RULE', `${field}: ${message}`);
    this.field = field;
  }
}

/**
 * A posting that would take a value the interface answers in a 12-digit field past 999999999999: the
 * customer's prepaid balance (1002 BALANCE) or the day's total of its bank, date and kind (2001/2002
 * BOSSTOTAL). Thrown before anything is written. [bank-interface §2: amounts 1 to 12 digits]
 */
export class AmountLimitError extends LedgerRuleError {
  readonly limit: number;
  readonly wouldBe: number;

  constructor(field: 'BALANCE' | 'TOTAL', wouldBe: number, limit: number, what: string) {
    super(field, `${what} would be ${wouldBe} fen, more than ${limit} (12 digits)`);
    this.limit = limit;
    this.wouldBe = wouldBe;
  }
}
