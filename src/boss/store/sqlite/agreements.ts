import { LedgerRuleError } from '../errors.ts';
import type { AgreementRecord, WithholdingDue } from '../records.ts';
import type { Db } from './connection.ts';

interface AgreementRow {
  agreementserial: string;
  custno: string;
  bankcode: string;
  acctno: string;
  acctname: string;
  status: AgreementRecord['status'];
  created_on: string;
  cancelled_on: string;
}

const COLUMNS = 'agreementserial, custno, bankcode, acctno, acctname, status, created_on, cancelled_on';

/** Withholding agreements (账户代扣), one active per customer. [bank-interface §4 1003/1004, §7 DK] */
export class AgreementTable {
  private readonly active;
  private readonly bySerial;
  private readonly insert;
  private readonly cancel;
  private readonly due;

  constructor(db: Db) {
    this.active = db.prepare<[string], AgreementRow>(`SELECT ${COLUMNS} FROM agreements WHERE custno = ? AND status = 'active'`);
    this.bySerial = db.prepare<[string], AgreementRow>(`SELECT ${COLUMNS} FROM agreements WHERE agreementserial = ?`);
    this.insert = db.prepare(
      `INSERT INTO agreements (agreementserial, custno, bankcode, acctno, acctname, status, created_on) VALUES (?, ?, ?, ?, ?, 'active', ?)`,
    );
    this.cancel = db.prepare(`UPDATE agreements SET status = 'cancelled', cancelled_on = ? WHERE agreementserial = ? AND status = 'active'`);
    // [§7 DK] active agreements of active customers only, as the batch side's query (batch-reads.ts):
    // a suspended or closed account is not debited
    this.due = db.prepare<[string], WithholdingDue>(
      `SELECT a.agreementserial AS agreementSerial, a.custno, a.acctno, a.acctname,
              coalesce((SELECT sum(b.amount - b.paid) FROM bills b WHERE b.custno = a.custno), 0) AS arrears
       FROM agreements a JOIN customers c ON c.custno = a.custno
       WHERE a.bankcode = ? AND a.status = 'active' AND c.status = 'active'
       ORDER BY a.custno`,
    );
  }

  activeOf(custno: string): AgreementRecord | undefined {
    const row = this.active.get(custno);
    return row && toAgreement(row);
  }

  create(input: { agreementSerial: string; custno: string; bankcode: string; acctno: string; acctname: string; createdOn: string }): AgreementRecord {
    const existing = this.activeOf(input.custno);
    if (existing) throw new LedgerRuleError('CUSTNO', `${input.custno} already has agreement ${existing.agreementSerial}`);
    this.insert.run(input.agreementSerial, input.custno, input.bankcode, input.acctno, input.acctname, input.createdOn);
    return { ...input, status: 'active', cancelledOn: '' };
  }

  cancelBySerial(agreementSerial: string, cancelledOn: string): AgreementRecord {
    if (this.cancel.run(cancelledOn, agreementSerial).changes === 0) {
      throw new LedgerRuleError('agreement', `${agreementSerial} is not an active agreement`);
    }
    const row = this.bySerial.get(agreementSerial);
    if (!row) throw new LedgerRuleError('agreement', `${agreementSerial} vanished`);
    return toAgreement(row);
  }

  /** Every active agreement of a bank with its customer's arrears, by CUSTNO. */
  dueFor(bankcode: string): WithholdingDue[] {
    return this.due.all(bankcode);
  }
}

function toAgreement(row: AgreementRow): AgreementRecord {
  return {
    agreementSerial: row.agreementserial,
    custno: row.custno,
    bankcode: row.bankcode,
    acctno: row.acctno,
    acctname: row.acctname,
    status: row.status,
    createdOn: row.created_on,
    cancelledOn: row.cancelled_on,
  };
}
