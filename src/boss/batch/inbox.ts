import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { flagNameFor, parseFileName } from '../codec/daily-file.ts';
import type { BankHome } from '../ftp/bank-homes.ts';
import type { Profile } from '../profile/types.ts';
import type { EntryKind } from './ledger.ts';

/**
 * The inbound layouts the BOSS acts on, in the order it takes them for one date: results first, so
 * that the withholding postings exist before DKMX is reconciled against them. [bank-interface §7]
 */
export const INBOUND: Readonly<Record<string, { readonly rank: number; readonly reconciles?: EntryKind }>> = {
  YH: { rank: 0 },
  XJMX: { rank: 1, reconciles: 'cash' },
  DKMX: { rank: 2, reconciles: 'withholding' },
};

/** A file in `in/` whose flag is there: complete, to be decided on. */
export interface InboxFile {
  readonly name: string;
  readonly path: string;
  readonly flagPath: string;
  /** The inbound layout its name denotes, or undefined: a flagged file with any other name is rejected. */
  readonly layout: string | undefined;
  readonly date: string | undefined;
}

/**
 * The flagged files of a bank's `in/`, by date, then YH before XJMX before DKMX, then name; a file
 * without its flag (`NAME.OK`) is still being written and is not listed. [§7: the reader ignores a
 * file without its flag]
 */
export async function listInbox(profile: Profile, bank: BankHome): Promise<InboxFile[]> {
  const entries = await readdir(bank.inDir, { withFileTypes: true });
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  const suffix = profile.files.flagSuffix;
  const files: InboxFile[] = [];
  for (const name of names) {
    if (name.endsWith(suffix) || !names.has(flagNameFor(profile, name))) continue;
    const parsed = parseFileName(profile, name);
    const inbound = parsed !== undefined && Object.hasOwn(INBOUND, parsed.layout) && profile.files.layouts[parsed.layout]?.direction === 'in';
    files.push({
      name,
      path: join(bank.inDir, name),
      flagPath: join(bank.inDir, flagNameFor(profile, name)),
      layout: inbound ? parsed.layout : undefined,
      date: inbound ? parsed.date : undefined,
    });
  }
  const rank = (file: InboxFile): number => (file.layout === undefined ? 9 : (INBOUND[file.layout]?.rank ?? 9));
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return files.sort((a, b) => order(a.date ?? '~', b.date ?? '~') || rank(a) - rank(b) || order(a.name, b.name));
}
