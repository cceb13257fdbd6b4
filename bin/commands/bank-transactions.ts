import type { Command } from 'commander';
import { checkDate } from '../../src/boss/local-date.ts';
import { InputError } from '../../src/core/errors.ts';
import { renderTransaction, toJson, type BankEmulator, type BankTransaction } from '../../simulators/bank/index.ts';
import type { CliIo } from '../io.ts';
import { amountArg, bankGlobals, MAX_AMOUNT, withEmulator } from './bank-globals.ts';
import { integerOption } from './number-option.ts';

/** `stbpay bank query|pay|agree|…|reconcile`: one transaction each, printed request, answer and fields. [bank-interface §4] */
export function registerBankTransactions(bank: Command, io: CliIo): void {
  const transaction = (name: string, args: string, description: string, run: (emulator: BankEmulator, ...args: string[]) => Promise<BankTransaction>) =>
    bank
      .command(`${name} ${args}`)
      .description(description)
      .action(async (...params: unknown[]) => {
        const args = params.slice(0, -2) as string[];
        await runOne(io, params[params.length - 1] as Command, (emulator) => run(emulator, ...args));
      });

  transaction('query', '<custno>', '1001 query arrears', (e, custno) => e.queryArrears(custno!));
  bank
    .command('pay <custno> <amount>')
    .description('1002 payment confirm (AMOUNT in fen), cash unless --card')
    .option('--card', 'PAYTYPE 2, bank card')
    .action(async (custno: string, amount: string, options: { card?: boolean }, command: Command) =>
      runOne(io, command, (e) => e.pay(custno, amountArg('AMOUNT')(amount), options.card ? '2' : '1')),
    );
  transaction('agree', '<custno> <acctno> <acctname>', '1003 withholding agreement notice', (e, c, a, n) => e.agreeWithholding(c!, a!, n!));
  transaction('cancel-agreement', '<custno> <acctno>', '1004 cancel withholding', (e, c, a) => e.cancelWithholding(c!, a!));
  transaction('delete', '<origserial> <custno> <amount>', '1005 delete payment', (e, s, c, a) => e.deletePayment({ origSerial: s!, custno: c!, amount: amountArg('AMOUNT')(a!) }));
  transaction('make-up', '<origserial> <origdate> <custno> <amount>', '1006 make-up confirm', (e, s, d, c, a) =>
    e.makeUp({ origSerial: s!, origDate: checkDate(d!, 'ORIGDATE'), custno: c!, amount: amountArg('AMOUNT')(a!) }),
  );
  transaction('invoice', '<payserial>', '3001 request invoice for a payment BOSSSERIAL', (e, s) => e.requestInvoice(s!));
  transaction('print', '<invoiceno>', '3002 print confirm', (e, n) => e.printInvoice(n!));
  transaction('void', '<invoiceno> <reason>', '3003 void invoice', (e, n, r) => e.voidInvoice(n!, r!));
  bank
    .command('reconcile <kind>')
    .description('2001 (kind cash) or 2002 (kind withholding) total reconciliation with the given count and total')
    .requiredOption('--count <n>', 'the bank’s record count', integerOption('--count', 0, 999_999_999))
    .requiredOption('--total <fen>', 'the bank’s total', integerOption('--total', 0, MAX_AMOUNT))
    .option('--chkdate <YYYYMMDD>', 'CHKDATE (default the accounting date)')
    .action(async (kind: string, options: { count: number; total: number; chkdate?: string }, command: Command) => {
      if (kind !== 'cash' && kind !== 'withholding') throw new InputError('kind', `"${kind}" is not cash or withholding`);
      const request = { count: options.count, total: options.total, ...(options.chkdate === undefined ? {} : { chkDate: checkDate(options.chkdate, '--chkdate') }) };
      await runOne(io, command, (e) => (kind === 'cash' ? e.cashTotal(request) : e.withholdingTotal(request)));
    });
}

/** One transaction; exit 0 when answered with the success code, 1 otherwise. */
async function runOne(io: CliIo, command: Command, run: (emulator: BankEmulator) => Promise<BankTransaction>): Promise<void> {
  const globals = bankGlobals(command);
  await withEmulator(globals, async (emulator) => {
    const tx = await run(emulator);
    io.out(globals.json ? toJson(tx) : renderTransaction(tx));
    io.exitCode = tx.ok ? 0 : 1;
  });
}
