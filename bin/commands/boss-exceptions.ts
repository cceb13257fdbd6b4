import { Option, type Command } from 'commander';
import { DecisionRefusedError } from '../../src/boss/batch/errors.ts';
import { ExceptionsService } from '../../src/boss/batch/exceptions.ts';
import type { DecisionAction, EntryKind, ExceptionFilter, ReconException } from '../../src/boss/batch/ledger.ts';
import type { CliIo } from '../io.ts';
import { batchOptions, dateOption, withBatchLedger, type BatchCliOptions } from './boss-batch-context.ts';

interface ListOptions extends BatchCliOptions {
  readonly bank?: string;
  readonly date?: string;
  readonly kind?: EntryKind;
  readonly status?: ReconException['status'];
  readonly json?: boolean;
}

interface ResolveOptions extends BatchCliOptions {
  readonly action: DecisionAction;
  readonly by: string;
  readonly reason?: string;
}

/**
 * `stbpay boss exceptions list|resolve`: the reconciliation exceptions and the decisions on them,
 * each recorded with who, when and why in the same commit as its effect. A refused decision
 * changes nothing and exits 2 naming the reason. [bank-interface §7; docs/boss/files.md]
 */
export function registerBossExceptionsCommands(boss: Command, io: CliIo): void {
  const exceptions = boss.command('exceptions').description('reconciliation exceptions: list them, decide on them (make-up, reverse, accept)');

  batchOptions(exceptions.command('list'), false)
    .description('list exceptions, oldest first, optionally filtered')
    .option('--bank <code>', 'only this BANKCODE')
    .option('--date <yyyymmdd>', 'only this accounting date', dateOption('--date'))
    .addOption(new Option('--kind <kind>', 'only cash (XJMX) or withholding (DKMX)').choices(['cash', 'withholding']))
    .addOption(new Option('--status <status>', 'only open, resolved or superseded').choices(['open', 'resolved', 'superseded']))
    .option('--json', 'a JSON array of the exceptions instead of text')
    .action(async (options: ListOptions) => runList(options, io));

  batchOptions(exceptions.command('resolve'), false)
    .description('take one decision on an open exception')
    .argument('<id>', 'the exception id, as listed (EX12)')
    .addOption(new Option('--action <action>', 'makeup (bank-only), reverse (BOSS-only) or accept (any, with --reason)').choices(['makeup', 'reverse', 'accept']).makeOptionMandatory())
    .requiredOption('--by <name>', 'who decides (recorded)')
    .option('--reason <text>', 'why (recorded; required for accept)')
    .action(async (id: string, options: ResolveOptions) => runResolve(id, options, io));
}

async function runList(options: ListOptions, io: CliIo): Promise<void> {
  const filter: ExceptionFilter = {
    ...(options.bank === undefined ? {} : { bankcode: options.bank }),
    ...(options.date === undefined ? {} : { date: options.date }),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.status === undefined ? {} : { status: options.status }),
  };
  await withBatchLedger(options, async ({ ledger }) => {
    const list = await new ExceptionsService({ ledger }).list(filter);
    if (options.json) {
      io.out(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    for (const exception of list) io.out(`${describeException(exception)}\n`);
    io.out(list.length === 0 ? 'no exceptions\n' : `${list.length} exception(s)\n`);
  });
}

async function runResolve(id: string, options: ResolveOptions, io: CliIo): Promise<void> {
  await withBatchLedger(options, async (context) => {
    const service = new ExceptionsService({ ledger: context.ledger, clock: context.clock, log: context.logs().batch });
    try {
      const done = await service.resolve({ id, action: options.action, by: options.by, ...(options.reason === undefined ? {} : { reason: options.reason }) });
      io.out(`exception ${done.id} resolved: ${describeDecision(done)}\n`);
    } catch (error) {
      if (!(error instanceof DecisionRefusedError)) throw error;
      // a refusal is the operator's input: nothing changed, exit 2 with the reason
      io.err(`stbpay: refused (${error.reason}): ${error.message}\n`);
      io.exitCode = 2;
    }
  });
}

/** One line: id, status, where, what, and the decision when there is one. */
export function describeException(e: ReconException): string {
  const sides = [
    e.bank ? `bank ${e.bank.custno} ${e.bank.amount} (line ${e.bank.line})` : undefined,
    e.boss ? `BOSS ${e.boss.custno} ${e.boss.amount} ${e.boss.bossSerial}` : undefined,
  ].filter((side) => side !== undefined);
  const head = `${e.id.padEnd(6)} ${e.status.padEnd(10)} ${e.bankcode} ${e.date} ${e.kind.padEnd(11)} ${e.category.padEnd(8)} ${e.bankSerial}  ${sides.join(' / ')}  [${e.fileName}]`;
  return e.decision ? `${head}  → ${describeDecision(e)}` : head;
}

function describeDecision(e: ReconException): string {
  const d = e.decision;
  if (!d) return 'no decision';
  return `${d.action} by ${d.by} at ${new Date(d.at).toISOString()}${e.decisionSerial ? `, ${e.decisionSerial}` : ''}${d.reason ? ` (${d.reason})` : ''}`;
}
