import { StbpayError } from '../../core/errors.ts';
import { BossFileError } from '../codec/errors.ts';

/**
 * Why an inbound file is rejected. The codec's reasons (`malformed`, `countMismatch`,
 * `totalMismatch`, `dateMismatch`, `name`) plus what only the batch side can see: `tooLarge`,
 * `duplicate` (a BANKSERIAL or SEQ twice in one file), `noBatch` (a YH answering no DK the BOSS
 * wrote), `batchMismatch` (a YH line other than the DK line of its SEQ). [bank-interface §7]
 */
export type RejectionReason = BossFileError['reason'] | 'tooLarge' | 'duplicate' | 'noBatch' | 'batchMismatch';

/** A file the BOSS will not process; `line` (1-based, 0 = the file) and `field` say where. */
export class FileRejectedError extends StbpayError {
  readonly reason: RejectionReason;
  readonly fileName: string;
  readonly line: number;
  readonly field: string;
  readonly value: string | undefined;
  /** The explanation without the file name: what goes into the file record. */
  readonly detail: string;

  constructor(init: { reason: RejectionReason; fileName: string; line: number; field: string; message: string; value?: string }) {
    const detail = `line ${init.line} ${init.field}: ${init.message}`;
    super('BOSS_ERR_FILE_REJECTED', `${init.fileName} ${detail}`);
    this.reason = init.reason;
    this.fileName = init.fileName;
    this.line = init.line;
    this.field = init.field;
    this.value = init.value;
    this.detail = detail;
  }

  static fromFileError(fileName: string, error: BossFileError): FileRejectedError {
    // BossFileError's message is `LAYOUT line N FIELD: text`; keep the text only
    const text = error.message.slice(error.message.indexOf(': ') + 2);
    return new FileRejectedError({ reason: error.reason, fileName, line: error.line, field: error.field, message: text, ...(error.value === undefined ? {} : { value: error.value }) });
  }
}

/** The ledger handed reconciliation entries out of BANKSERIAL order or twice: a ledger bug. */
export class LedgerOrderError extends StbpayError {
  constructor(previous: string, next: string) {
    super('BOSS_ERR_LEDGER_ORDER', `ledger entries must ascend strictly by bankSerial: '${next}' came after '${previous}'`);
  }
}

/** A DK file for that bank and date is already in `out/`; the bank may have taken it. */
export class BatchFileExistsError extends StbpayError {
  readonly path: string;

  constructor(path: string) {
    super('BOSS_ERR_BATCH_EXISTS', `${path} and its flag are already there; pass replace to write it again`);
    this.path = path;
  }
}

/**
 * A decision on a reconciliation exception that is not taken: `notFound`, `notOpen` (resolved or
 * superseded before), `notValidForCategory` (make-up is for bank-only, reverse for BOSS-only),
 * `reasonRequired` (accept needs a reason), `byRequired` (who decides), `refused` (the ledger cannot
 * apply it). Nothing was changed.
 */
export class DecisionRefusedError extends StbpayError {
  readonly reason: 'notFound' | 'notOpen' | 'notValidForCategory' | 'reasonRequired' | 'byRequired' | 'refused';
  readonly exceptionId: string;

  constructor(reason: DecisionRefusedError['reason'], exceptionId: string, message: string) {
    super('BOSS_ERR_DECISION_REFUSED', `exception ${exceptionId}: ${message}`);
    this.reason = reason;
    this.exceptionId = exceptionId;
  }
}
