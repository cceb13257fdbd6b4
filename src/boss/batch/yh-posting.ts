import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDailyFile, fileNameFor } from '../codec/daily-file.ts';
import type { BankHome } from '../ftp/bank-homes.ts';
import type { Profile } from '../profile/types.ts';
import { readDailyLines } from './daily-lines.ts';
import { DK_LAYOUT } from './dk-writer.ts';
import { FileRejectedError } from './errors.ts';
import type { BatchLedger, WithholdingResult } from './ledger.ts';

export const YH_LAYOUT = 'YH';
/** [bank-interface §7 YH] RESULT `0`: debited. */
export const DEBITED = '0';

export interface YhConflict {
  readonly line: number;
  readonly seq: number;
  readonly bankSerial: string;
  readonly message: string;
}

export interface YhPostingSummary {
  readonly lines: number;
  readonly debited: number;
  readonly posted: number;
  readonly alreadyPosted: number;
  /** Debited lines whose key the ledger holds with other values: not posted, for a person to look at. */
  readonly conflicts: readonly YhConflict[];
  /** Fen newly posted by this file. */
  readonly postedAmount: number;
}

export interface YhInput {
  readonly profile: Profile;
  readonly ledger: BatchLedger;
  readonly bank: BankHome;
  readonly fileName: string;
  readonly date: string;
  readonly bytes: Uint8Array;
}

interface YhLine {
  readonly line: number;
  readonly values: Record<string, string>;
}

/**
 * Posts a bank's withholding results: every debited line (RESULT 0) once, through the ledger's
 * exactly-once key (bankcode, date, SEQ) and BANKSERIAL, so the same file, an identical copy or a
 * re-run after a crash posts nothing twice. Before anything is posted the whole file is checked:
 * the codec's checks, each SEQ and each debited BANKSERIAL once, and every line the same customer,
 * account and amount as the line of that SEQ in the DK file the BOSS wrote for that date. Throws
 * BossFileError or FileRejectedError with nothing posted. [bank-interface §7 YH]
 */
export async function postResultsFile(input: YhInput): Promise<YhPostingSummary> {
  const { fileName } = input;
  const lines: YhLine[] = [];
  readDailyLines(input.profile, YH_LAYOUT, input.bytes, { fileName, onDetail: (values, index) => lines.push({ line: index + 2, values }) });
  checkUnique(fileName, lines);
  await checkAgainstBatch(input, lines);

  let posted = 0;
  let alreadyPosted = 0;
  let postedAmount = 0;
  const conflicts: YhConflict[] = [];
  const debited = lines.filter((l) => l.values.RESULT === DEBITED);
  for (let start = 0; start < debited.length; start += POSTING_WINDOW) {
    const window = debited.slice(start, start + POSTING_WINDOW);
    // handed over together, the lines of a window share the ledger's commits (group commit) instead
    // of one fsync each; each is still its own unit, posted in file order, at most once by its key
    const outcomes = await Promise.allSettled(window.map(({ values }) => input.ledger.postWithholding(withholdingResult(input, values))));
    for (const [i, settled] of outcomes.entries()) {
      // a failed line fails the pass: the file stays in in/ and the next pass posts what is not
      // posted yet, none twice. Lines after it in this window were already handed over and may have
      // posted; that pass counts them as alreadyPosted.
      if (settled.status === 'rejected') throw settled.reason;
      const { line, values } = window[i]!;
      const outcome = settled.value;
      if (outcome.status === 'posted') {
        posted++;
        postedAmount += Number(values.AMOUNT);
      } else if (outcome.status === 'alreadyPosted') {
        alreadyPosted++;
      } else {
        conflicts.push({ line, seq: Number(values.SEQ), bankSerial: values.BANKSERIAL ?? '', message: outcome.message });
      }
    }
  }
  return { lines: lines.length, debited: debited.length, posted, alreadyPosted, conflicts, postedAmount };
}

/** Debited lines handed to the ledger at once: one group-commit batch of the SQLite store. */
const POSTING_WINDOW = 256;

function withholdingResult(input: YhInput, values: Readonly<Record<string, string>>): WithholdingResult {
  return {
    bankcode: input.bank.bankcode,
    date: input.date,
    seq: Number(values.SEQ),
    custno: values.CUSTNO ?? '',
    acctno: values.ACCTNO ?? '',
    amount: Number(values.AMOUNT),
    bankSerial: values.BANKSERIAL ?? '',
    fileName: input.fileName,
  };
}

/** Each SEQ once; each debited line with a BANKSERIAL, each BANKSERIAL once. */
function checkUnique(fileName: string, lines: readonly YhLine[]): void {
  const seqs = new Map<string, number>();
  const serials = new Map<string, number>();
  for (const { line, values } of lines) {
    const seq = values.SEQ ?? '';
    const earlier = seqs.get(seq);
    if (earlier !== undefined) throw new FileRejectedError({ reason: 'duplicate', fileName, line, field: 'SEQ', value: seq, message: `'${seq}' is also on line ${earlier}` });
    seqs.set(seq, line);
    if (values.RESULT !== DEBITED) continue;
    const serial = values.BANKSERIAL ?? '';
    if (serial === '') throw new FileRejectedError({ reason: 'malformed', fileName, line, field: 'BANKSERIAL', value: '', message: 'a debited line (RESULT 0) needs the bank serial of its debit' });
    const before = serials.get(serial);
    if (before !== undefined) throw new FileRejectedError({ reason: 'duplicate', fileName, line, field: 'BANKSERIAL', value: serial, message: `'${serial}' is also on line ${before}: a bank serial is unique per bank and date` });
    serials.set(serial, line);
  }
}

/** A YH answers the DK of its date: every SEQ is a line of that DK, with its customer, account and amount. */
async function checkAgainstBatch(input: YhInput, lines: readonly YhLine[]): Promise<void> {
  const dkName = fileNameFor(input.profile, DK_LAYOUT, input.date);
  let dkBytes: Uint8Array;
  try {
    dkBytes = await readFile(join(input.bank.outDir, dkName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new FileRejectedError({ reason: 'noBatch', fileName: input.fileName, line: 1, field: 'DATE', value: input.date, message: `answers ${dkName}, which the BOSS has not written` });
  }
  // our own file: a failure here is the BOSS's, so it throws as it is and the YH waits
  const batch = new Map(decodeDailyFile(input.profile, DK_LAYOUT, dkBytes, { fileName: dkName }).details.map((d) => [d.SEQ ?? '', d]));
  for (const { line, values } of lines) {
    const sent = batch.get(values.SEQ ?? '');
    if (sent === undefined) {
      throw new FileRejectedError({ reason: 'batchMismatch', fileName: input.fileName, line, field: 'SEQ', value: values.SEQ ?? '', message: `${dkName} has no line ${values.SEQ}` });
    }
    for (const field of ['CUSTNO', 'ACCTNO', 'AMOUNT']) {
      if (values[field] !== sent[field]) {
        throw new FileRejectedError({ reason: 'batchMismatch', fileName: input.fileName, line, field, value: values[field] ?? '', message: `'${values[field]}' where ${dkName} line SEQ ${values.SEQ} has '${sent[field]}'` });
      }
    }
  }
}
