import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { renderTransaction, runBankDay, toJson } from '../../simulators/bank/index.ts';
import type { CliIo } from '../io.ts';
import { fileTargetOptions, withDrop, type FileTargetOptions } from './bank-files.ts';
import { bankGlobals, listOption, withEmulator } from './bank-globals.ts';
import { integerOption } from './number-option.ts';

interface DayCliOptions extends FileTargetOptions {
  payments: number;
  lose: number;
  customers?: string;
  withholding: boolean;
  reconcile?: boolean;
}

/** `stbpay bank day`: a business day of counter payments, the withholding batch and the daily files. [bank-interface §6, §7] */
export function registerBankDay(bank: Command, io: CliIo): void {
  const day = bank
    .command('day')
    .description('a business day: counter payments (some lost), the DK batch worked into YH, then YH, DKMX and XJMX delivered with flags')
    .option('--payments <n>', 'customers served at the counter', integerOption('--payments', 0, 100_000), 10)
    .option('--lose <n>', 'of those, payments debited but never sent to the BOSS', integerOption('--lose', 0, 100_000), 0)
    .option('--customers <list>', 'CUSTNOs to serve, comma-separated (default the demo C00020001..C00020200)')
    .option('--no-withholding', 'do not fetch and work the DK batch')
    .option('--reconcile', 'send 2001 (and 2002) with the books’ totals after the files');
  fileTargetOptions(day).action(async (options: DayCliOptions, command: Command) => {
    const globals = bankGlobals(command);
    if (options.lose > options.payments) throw new InputError('--lose', `${options.lose} is more than --payments ${options.payments}`);
    await withEmulator(globals, (emulator) =>
      withDrop(options, emulator, async (drop, ftp) => {
        const result = await runBankDay(emulator, drop, {
          payments: options.payments,
          lose: options.lose,
          reconcile: options.reconcile ?? false,
          ...(options.withholding && ftp ? { batch: ftp } : {}),
          ...(options.customers === undefined ? {} : { customers: listOption(options.customers, '--customers') }),
        });
        if (globals.json) return io.out(toJson(result));
        io.out(`day ${result.date} as ${emulator.bankcode}, seed ${emulator.random.seed}: ${result.payments.length} payment(s) answered (${result.payments.filter((p) => p.ok).length} with 0000), ${result.lost.length} lost\n`);
        if (result.batchSkipped) io.out(`withholding batch skipped: ${result.batchSkipped}\n`);
        for (const path of result.delivered) io.out(`delivered ${path}\n`);
        for (const r of result.reconciliations) io.out(renderTransaction(r));
      }),
    );
  });
}
