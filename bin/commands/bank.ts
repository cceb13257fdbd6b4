import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { registerBankDay } from './bank-day.ts';
import { registerBankLoad } from './bank-load.ts';
import { registerBankMisbehave } from './bank-misbehave.ts';
import { registerBankTransactions } from './bank-transactions.ts';
import { integerOption, seedOption } from './number-option.ts';

/**
 * `stbpay bank …`: the bank front-end emulator against a BOSS bank interface — one transaction per
 * subcommand, a load run, a misbehaviour persona, or a business day with its daily files. The options
 * here are shared by every subcommand (bank-globals.ts reads them).
 * [bank-interface §4, §7; docs/boss/bank-emulator.md]
 */
export function registerBankCommands(program: Command, io: CliIo): void {
  const bank = program
    .command('bank')
    .description('the bank front-end emulator: transactions, load, misbehaviours and daily files against a BOSS bank interface')
    .option('--target <host:port>', 'the BOSS bank interface', '127.0.0.1:9100')
    .option('--bank <code>', 'BANKCODE', 'ICBC01')
    .option('--teller <id>', 'TELLER', 'T01')
    .option('--date <YYYYMMDD>', 'accounting date (default: today at +08:00)')
    .option('--profile <file>', 'bank-interface profile JSON (default boss-bank/1)')
    .option('--seed <n>', 'seed of everything random (default: a fresh one; load, misbehave and day print it)', seedOption)
    .option('--serial-prefix <text>', 'between date and sequence in every BANKSERIAL (default: from the time of day, so each run is new)')
    .option('--timeout <ms>', 'connect and answer timeout (default 10000)', integerOption('--timeout', 1, 600_000))
    .option('--json', 'print results as JSON');
  registerBankTransactions(bank, io);
  registerBankLoad(bank, io);
  registerBankMisbehave(bank, io);
  registerBankDay(bank, io);
}
