import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { BossEncodeError } from '../codec/errors.ts';
import { encodeDailyFile, fileNameFor, flagNameFor, layoutOf, type DailyFile } from '../codec/daily-file.ts';
import type { BankHome } from '../ftp/bank-homes.ts';
import type { FileLayout, Profile } from '../profile/types.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { BatchFileExistsError } from './errors.ts';
import type { BatchLedger } from './ledger.ts';
import { silentBatchLog, type BatchLog } from './log.ts';

/** The withholding batch layout. [bank-interface §7 DK] */
export const DK_LAYOUT = 'DK';

export interface DkWriteOptions {
  readonly profile: Profile;
  readonly ledger: BatchLedger;
  readonly bank: BankHome;
  /** The batch's date, YYYYMMDD: in the name and the header. */
  readonly date: string;
  /** Write again over a DK of the same date whose flag is already there (default: refuse). */
  readonly replace?: boolean;
  readonly log?: BatchLog;
}

export interface DkWritten {
  readonly name: string;
  readonly path: string;
  readonly flagPath: string;
  readonly count: number;
  readonly total: number;
}

/**
 * Writes `out/DKYYYYMMDD.TXT` with one line per active agreement whose customer owes something
 * (SEQ from 1, AMOUNT = the arrears), then its flag `DKYYYYMMDD.TXT.OK` (empty). Each is written
 * under a temporary name and renamed, and the flag only after the file: a bank that waits for the
 * flag never sees half a file. [bank-interface §7: a file is complete only when its flag exists]
 */
export async function writeDkFile(options: DkWriteOptions): Promise<DkWritten> {
  const { profile, ledger, bank, date } = options;
  const name = fileNameFor(profile, DK_LAYOUT, date);
  const path = join(bank.outDir, name);
  const flagPath = join(bank.outDir, flagNameFor(profile, name));
  if (!options.replace && (await exists(flagPath))) throw new BatchFileExistsError(path);

  const details: Record<string, string>[] = [];
  let total = 0;
  for await (const due of ledger.withholdingsDue(bank.bankcode)) {
    if (due.arrears <= 0) continue;
    details.push({ SEQ: String(details.length + 1), CUSTNO: due.custno, ACCTNO: due.acctno, ACCTNAME: due.acctname, AMOUNT: String(due.arrears) });
    total += due.arrears;
  }
  const file: DailyFile = { layout: DK_LAYOUT, header: headerFor(layoutOf(profile, DK_LAYOUT), date, details.length, total), details };
  // the codec checks every value (a name it cannot encode is refused, naming details[i].ACCTNAME)
  const bytes = encodeDailyFile(profile, file, { fileName: name });

  await writeFileAtomic(path, bytes);
  await writeFileAtomic(flagPath, new Uint8Array(0));
  (options.log ?? silentBatchLog).info(
    { event: 'file.written', bankcode: bank.bankcode, file: name, count: details.length, total },
    `${name} written for ${bank.bankcode}: ${details.length} lines, ${total} fen`,
  );
  return { name, path, flagPath, count: details.length, total };
}

/** The header by the layout: constants (the `H` tag) as declared, date, count and total where its checks say. */
function headerFor(layout: FileLayout, date: string, count: number, total: number): Record<string, string> {
  const header: Record<string, string> = {};
  for (const def of layout.header) {
    if (def.format.kind === 'const') header[def.name] = def.format.value;
    else if (def.name === layout.checks.date) header[def.name] = date;
    else if (def.name === layout.checks.count) header[def.name] = String(count);
    else if (def.name === layout.checks.total?.field) header[def.name] = String(total);
    else throw new BossEncodeError(`header.${def.name}`, `the ${layout.id} layout gives no rule to fill it`);
  }
  return header;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
