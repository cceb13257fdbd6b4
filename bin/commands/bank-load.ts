import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkDate } from '../../src/boss/local-date.ts';
import { InputError } from '../../src/core/errors.ts';
import { parseHostPort } from '../../src/core/host-port.ts';
import { newSeed } from '../../src/core/random.ts';
import { base36Prefix, parseMix, renderLoadReport, runLoad, toJson } from '../../simulators/bank/index.ts';
import type { CliIo } from '../io.ts';
import { bankGlobals, listOption } from './bank-globals.ts';
import { settingAsOption } from './bank-settings.ts';
import { integerOption } from './number-option.ts';
import { profileOption } from './profile-option.ts';

interface LoadCliOptions {
  connections: number;
  requests?: number;
  duration?: number;
  mix: string;
  customers?: string;
  commitLog: string;
  report?: string;
}

/** `stbpay bank load`: the load generator; exit 1 when any request failed. docs/boss/bank-emulator.md */
export function registerBankLoad(bank: Command, io: CliIo): void {
  bank
    .command('load')
    .description('N parallel connections, each one request at a time, for a number of requests or a duration')
    .option('--connections <n>', 'parallel connections', integerOption('--connections', 1, 10_000), 1)
    .option('--requests <n>', 'requests over all connections', integerOption('--requests', 0))
    .option('--duration <ms>', 'run this long instead', integerOption('--duration', 1))
    .option('--mix <weights>', 'TXCODE=WEIGHT,… e.g. 1001=8,1002=2', '1001=1')
    .option('--customers <list>', 'CUSTNOs to draw from, comma-separated (default the demo C00020001..C00020200)')
    .option('--commit-log <which>', 'durable (default) or all: which 0000 answers the report lists', 'durable')
    .option('--report <file>', 'write the whole report (committed keys included) as JSON to this file')
    .action(async (options: LoadCliOptions, command: Command) => {
      const globals = bankGlobals(command);
      if (options.requests === undefined && options.duration === undefined) throw new InputError('--requests/--duration', 'give one of them');
      const commitLog = options.commitLog;
      if (commitLog !== 'durable' && commitLog !== 'all') throw new InputError('--commit-log', `"${commitLog}" is not durable or all`);
      const { host, port } = parseHostPort(globals.target, '--target');
      const seed = globals.seed ?? newSeed();
      const report = await runLoad({
        host,
        port,
        profile: profileOption(globals.profile),
        bankcode: globals.bank,
        teller: globals.teller,
        connections: options.connections,
        mix: parseMix(options.mix),
        seed,
        serialPrefix: globals.serialPrefix ?? `L${base36Prefix(centisecondsOfDay(), 5)}`,
        commitLog,
        ...(options.requests === undefined ? {} : { requests: options.requests }),
        ...(options.duration === undefined ? {} : { durationMs: options.duration }),
        ...(options.customers === undefined ? {} : { customers: listOption(options.customers, '--customers') }),
        ...(globals.date === undefined ? {} : { date: checkDate(globals.date, '--date') }),
        ...(globals.timeout === undefined ? {} : { timeoutMs: globals.timeout }),
      }).catch((error: unknown) => {
        throw settingAsOption(error);
      });
      if (options.report !== undefined) await writeFile(options.report, toJson(report));
      io.out(globals.json ? toJson(report) : renderLoadReport(report));
      io.exitCode = report.errors.total === 0 ? 0 : 1;
    });
}

/** Hundredths of a second since midnight UTC: 5 base-36 characters keep runs of a day apart. */
function centisecondsOfDay(): number {
  return Math.floor((Date.now() % 86_400_000) / 10);
}
