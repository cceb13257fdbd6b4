import type { PostingOutcome, WithholdingResult } from '../../batch/ledger.ts';
import { AmountLimitError } from '../errors.ts';
import type { PostedPayment } from '../records.ts';
import type { LedgerTransaction } from '../types.ts';
import type { BatchWrites } from './batch-writes.ts';

/**
 * One debited YH line inside a unit: posted once as a withholding payment (`W` + the file's DATE),
 * settling arrears oldest month first through the store's own `postPayment`, and keyed by (bank,
 * date, SEQ) and (bank, date, BANKSERIAL). The identical line again is `alreadyPosted`; a key taken
 * by anything else (another line, a cash payment, a make-up) is a `conflict`. Nothing is written
 * unless the outcome is `posted`. [bank-interface §7: posts each debited record exactly once]
 */
export async function postWithholdingLine(tx: LedgerTransaction, writes: BatchWrites, line: WithholdingResult, txtime: string): Promise<PostingOutcome> {
  const bySeq = writes.postingBySequence(line.bankcode, line.date, line.seq);
  if (bySeq) {
    const same = bySeq.bankserial === line.bankSerial && bySeq.custno === line.custno && bySeq.acctno === line.acctno && bySeq.amount === line.amount;
    if (same) return { status: 'alreadyPosted', bossSerial: bySeq.bossserial };
    return conflict(`SEQ ${line.seq}`, line.date, bySeq.bossserial);
  }
  // [§3] a BANKSERIAL is unique per bank and date across every transaction, not only withholding
  const bySerial = await tx.paymentByBankSerial({ bankcode: line.bankcode, txdate: line.date, bankSerial: line.bankSerial });
  if (bySerial) return conflict(`BANKSERIAL ${line.bankSerial}`, line.date, bySerial.bossSerial);

  let posted: PostedPayment;
  try {
    posted = await tx.postPayment({
      bankcode: line.bankcode,
      txdate: line.date,
      bankSerial: line.bankSerial,
      custno: line.custno,
      amount: line.amount,
      channel: 'withholding',
      acctno: line.acctno,
      txtime,
      serial: { prefix: 'W', date: line.date },
    });
  } catch (error) {
    // [§2] the withholding total of that date (2002 BOSSTOTAL) or the balance would pass 12 digits:
    // refused before anything was written, reported on the line like any other conflict
    if (error instanceof AmountLimitError) return { status: 'conflict', bossSerial: '', message: `SEQ ${line.seq} of ${line.date} not posted: ${error.message}` };
    throw error;
  }
  const bossSerial = posted.payment.bossSerial;
  writes.keyPosting({ bankcode: line.bankcode, date: line.date, seq: line.seq, bankSerial: line.bankSerial, bossSerial, fileName: line.fileName });
  return { status: 'posted', bossSerial };
}

function conflict(key: string, date: string, bossSerial: string): PostingOutcome {
  return { status: 'conflict', bossSerial, message: `${key} of ${date} is posted as ${bossSerial} with other values` };
}
