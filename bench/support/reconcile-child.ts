/**
 * One measured step of the reconciliation benchmark, in a process of its own so that its peak
 * resident set size (VmHWM) is the step's alone. Prints one JSON line: { seconds, peakRssMb, ... }.
 *   reconcile-child.ts baseline  DB BANK DATE            stream the ledger entries, compare nothing
 *   reconcile-child.ts reconcile DB BANK FTPROOT OUTDIR  process the bank's in/ (the flagged XJMX)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processInbox } from '../../src/boss/batch/process-inbox.ts';
import { bankHome } from '../../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';
import { openSqliteStore } from '../../src/boss/store/sqlite/index.ts';

const [mode, db = '', bankcode = '', third = '', fourth = ''] = process.argv.slice(2);
const store = openSqliteStore(db);
const ledger = store.batchLedger();
const started = performance.now();
let extra: Record<string, unknown> = {};
if (mode === 'baseline') {
  let rows = 0;
  for await (const entry of ledger.entries(bankcode, third, 'cash')) if (entry.amount > 0) rows += 1;
  extra = { rows };
} else if (mode === 'reconcile') {
  const pass = await processInbox(bankHome(third, bankcode), {
    profile: defaultProfile(),
    ledger,
    reportsDir: join(fourth, 'reports'),
    archiveDir: join(fourth, 'archive'),
  });
  const outcome = pass.files[0];
  if (outcome?.status !== 'reconciled') throw new Error(`expected the XJMX to be reconciled, got ${JSON.stringify(outcome)}`);
  extra = { totals: outcome.totals };
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
await store.close();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: hwm ? Number(hwm[1]) / 1024 : 0, ...extra })}\n`);
