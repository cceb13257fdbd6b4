import { execFile } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileNameFor, flagNameFor } from '../src/boss/codec/daily-file.ts';
import { createBankHome } from '../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../src/boss/profile/load.ts';
import { seedDemo } from '../src/boss/seed.ts';
import { openSqliteStore } from '../src/boss/store/sqlite/index.ts';
import type { ReconcileResult } from './report.ts';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'support', 'reconcile-child.ts');
const BANK = 'ICBC01';
const DATE = '20261120';
/**
 * Records 0..N+K-1 with K = N / ODD_EVERY: the ledger holds 0..N-1, the file K..N+K-1, so each side
 * has exactly N and K are BOSS-only, K bank-only, and one amount in ODD_EVERY of the rest differs.
 */
const ODD_EVERY = 1000;

export interface ReconcileBenchOptions {
  readonly dir: string;
  readonly lines: number;
  readonly log: (line: string) => void;
}

/**
 * Issue 4, point 8: a detail file of `lines` lines against a ledger of as many rows, for one bank
 * and date, processed from the flagged file in `in/` to the report and the stored exceptions.
 */
export async function measureReconciliation(options: ReconcileBenchOptions): Promise<ReconcileResult> {
  const db = join(options.dir, 'reconcile.db');
  const ftpRoot = join(options.dir, 'ftp');
  options.log(`reconcile: building a ${options.lines}-row ledger and a ${options.lines}-line XJMX file`);
  const ledgerRows = await buildLedger(db, options.lines);
  await writeCashDetail(ftpRoot, options.lines);
  const baseline = await child('baseline', db, BANK, DATE);
  const measured = await child('reconcile', db, BANK, ftpRoot, join(options.dir, 'boss'));
  options.log(`reconcile: baseline ${baseline.seconds.toFixed(2)} s, reconciliation ${measured.seconds.toFixed(2)} s, peak ${measured.peakRssMb.toFixed(0)} MB`);
  const categories = (measured.totals ?? {}) as Record<string, { count?: number } | number>;
  return {
    lines: options.lines,
    ledgerRows,
    baselineSeconds: baseline.seconds,
    seconds: measured.seconds,
    peakRssMb: measured.peakRssMb,
    categories: Object.fromEntries(Object.entries(categories).map(([name, value]) => [name, typeof value === 'number' ? value : (value.count ?? 0)])),
  };
}

/** Serial of the i-th record; both sides sort by it. */
const serial = (i: number): string => `S${String(i).padStart(9, '0')}`;
const customer = (i: number): string => `C000${20001 + (i % 200)}`;
const amount = (i: number): number => 100 + (i % 5000);

/** The ledger side: records 0..N-1, posted through the store as a 1002 would post them. */
async function buildLedger(db: string, lines: number): Promise<number> {
  const store = openSqliteStore(db);
  await seedDemo(store);
  let rows = 0;
  const chunk = 20_000;
  for (let start = 0; start < lines; start += chunk) {
    rows += await store.unit(
      (tx) => {
        let posted = 0;
        for (let i = start; i < Math.min(lines, start + chunk); i++) {
          tx.postPayment({ bankcode: BANK, txdate: DATE, bankSerial: serial(i), custno: customer(i), amount: amount(i), channel: 'realtime', paytype: '1', txtime: '101500', teller: 'T01', serial: { prefix: 'B', date: DATE } });
          posted += 1;
        }
        return posted;
      },
      { durable: false },
    );
  }
  await store.close();
  return rows;
}

/** The bank side: records K..N+K-1, one amount in ODD_EVERY different. [§7 XJMX] */
async function writeCashDetail(ftpRoot: string, lines: number): Promise<void> {
  const profile = defaultProfile();
  const home = await createBankHome(ftpRoot, BANK);
  const name = fileNameFor(profile, 'XJMX', DATE);
  const details: string[] = [];
  let count = 0;
  let total = 0;
  const skew = Math.floor(lines / ODD_EVERY);
  for (let i = skew; i < lines + skew; i++) {
    const value = i % ODD_EVERY === 3 ? amount(i) + 1 : amount(i);
    details.push(`${serial(i)}|${customer(i)}|${value}|101500|T01|\r\n`);
    count += 1;
    total += value;
  }
  const file = await open(join(home.inDir, name), 'w');
  await file.write(`H|${DATE}|${count}|${total}|\r\n`);
  for (let i = 0; i < details.length; i += 10_000) await file.write(details.slice(i, i + 10_000).join(''));
  await file.close();
  await writeFile(join(home.inDir, flagNameFor(profile, name)), '');
}

interface ChildResult {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly totals?: unknown;
}

async function child(...args: string[]): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}
