import type { Command } from 'commander';
import { writeDkFile } from '../../src/boss/batch/dk-writer.ts';
import { processInbox, type FileOutcome } from '../../src/boss/batch/process-inbox.ts';
import { batchDirs } from '../../src/boss/config/index.ts';
import { createBankHome } from '../../src/boss/ftp/bank-homes.ts';
import { localDate } from '../../src/boss/local-date.ts';
import type { CliIo } from '../io.ts';
import { batchOptions, dateOption, ledgerBank, withBatchLedger, type BatchCliOptions } from './boss-batch-context.ts';

interface DkOptions extends BatchCliOptions {
  readonly bank: string;
  readonly date?: string;
  readonly replace?: boolean;
}

interface InboxCliOptions extends BatchCliOptions {
  readonly bank: string;
}

/**
 * `stbpay boss dk` writes a bank's withholding batch into its `out/`; `stbpay boss inbox` makes one
 * pass over its `in/`. What `boss serve` does on its own with the FTP service, for operators, for
 * another FTP server in front of the homes, and for tests. [bank-interface §7; docs/boss/files.md]
 */
export function registerBossFileCommands(boss: Command, io: CliIo): void {
  batchOptions(boss.command('dk'), true)
    .description("write a bank's withholding batch out/DKYYYYMMDD.TXT and its flag from the ledger")
    .requiredOption('--bank <code>', 'the BANKCODE')
    .option('--date <yyyymmdd>', "the batch date (default: today, the BOSS's local date)", dateOption('--date'))
    .option('--replace', 'write it again although its flag is already there (the bank may have taken it)')
    .action(async (options: DkOptions) => runDk(options, io));

  batchOptions(boss.command('inbox'), true)
    .description("process a bank's in/ once: post YH, reconcile XJMX and DKMX, reject bad files, archive them")
    .requiredOption('--bank <code>', 'the BANKCODE')
    .action(async (options: InboxCliOptions) => runInbox(options, io));
}

async function runDk(options: DkOptions, io: CliIo): Promise<void> {
  await withBatchLedger(options, async (context) => {
    const bank = await ledgerBank(context, options.bank);
    const date = options.date ?? localDate(context.clock.now(), context.config.utcOffsetMinutes);
    const home = await createBankHome(context.config.ftp.root, bank.bankcode);
    const written = await writeDkFile({ profile: context.profile(), ledger: context.ledger, bank: home, date, replace: options.replace === true, log: context.logs().batch });
    io.out(`${written.name} written for ${bank.bankcode}: ${written.count} lines, ${written.total} fen (${written.path}, flag ${written.flagPath})\n`);
  });
}

async function runInbox(options: InboxCliOptions, io: CliIo): Promise<void> {
  await withBatchLedger(options, async (context) => {
    const bank = await ledgerBank(context, options.bank);
    const dirs = batchDirs(context.config);
    const home = await createBankHome(context.config.ftp.root, bank.bankcode);
    const pass = await processInbox(home, { profile: context.profile(), ledger: context.ledger, ...dirs, clock: context.clock, log: context.logs().batch });
    for (const file of pass.files) io.out(`${describeOutcome(file)}\n`);
    io.out(pass.files.length === 0 ? `${bank.bankcode}: nothing to process in ${home.inDir}\n` : `${bank.bankcode}: ${pass.files.length} file(s) decided\n`);
    // a file the BOSS could not decide (ledger or disk trouble) stays in in/ for the next pass
    if (pass.files.some((f) => f.status === 'failed')) io.exitCode = 1;
  });
}

export function describeOutcome(file: FileOutcome): string {
  switch (file.status) {
    case 'posted': {
      const p = file.posting;
      return `${file.name}: posted: ${p.posted} posted (${p.postedAmount} fen), ${p.alreadyPosted} already posted, ${p.conflicts.length} conflicts, of ${p.debited} debited lines`;
    }
    case 'reconciled': {
      const t = file.totals;
      return `${file.name}: reconciled: ${t.matched.count} matched, ${t.bankOnly.count} bank-only, ${t.bossOnly.count} BOSS-only, ${t.differs.count} differ; report ${file.reportPath}`;
    }
    case 'rejected':
      return `${file.name}: rejected (${file.reason}): ${file.message}`;
    case 'duplicate':
      return `${file.name}: duplicate of ${file.earlier.name} (${file.earlier.outcome} before): not processed again`;
    case 'failed':
      return `${file.name}: failed, left in in/: ${file.message}`;
  }
}
