import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { BankConnection } from '../../src/boss/client/bank-connection.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { checkDate } from '../../src/boss/local-date.ts';
import { errorMessage, InputError, StbpayError } from '../../src/core/errors.ts';
import { formatHostPort, parseHostPort, type HostPort } from '../../src/core/host-port.ts';
import { newSeed } from '../../src/core/random.ts';
import { BOSS_CASES, BOSS_SUITE_NAME, bossCases } from '../../conformance/boss/suite.ts';
import type { DataSource } from '../../conformance/boss/target-data-check.ts';
import { DEMO_TARGET_DATA, targetDataFrom, type BossTargetData } from '../../conformance/boss/target-data.ts';
import { bossBinding, createBossTarget } from '../../conformance/boss/target.ts';
import { selectCases } from '../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../conformance/framework/report.ts';
import { parseReportFormat } from '../../conformance/framework/reporters/index.ts';
import { runAndReport } from './run-and-report.ts';
import type { CliIo } from '../io.ts';
import { seedOption } from './number-option.ts';
import { profileOption } from './profile-option.ts';
import { collect, prepareReportDestination, shellWord, type ReportDestination } from './report-output.ts';

interface ConformBossOptions {
  target: string;
  profile?: string;
  data?: string;
  bank?: string;
  date?: string;
  reconcileDate?: string;
  offListAddress?: string;
  seed?: number;
  id?: string[];
  tag?: string[];
  includeSlow?: boolean;
  report: string;
  out?: string;
  outDir?: string;
}

/** The target could not be reached at all: no case could run. */
export class BossTargetUnreachableError extends StbpayError {
  constructor(address: HostPort, cause: unknown) {
    super('BOSS_ERR_TARGET_UNREACHABLE', `cannot connect to the BOSS at ${formatHostPort(address.host, address.port)}: ${errorMessage(cause)}`, { cause });
  }
}

/**
 * `stbpay conform boss --target HOST:PORT`: the BOSS bank-interface suite against any BOSS over TCP.
 * Exit 0 only when every case passed or was not applicable. [bank-interface §1–§6]
 */
export function registerConformBossCommand(conform: Command, io: CliIo): void {
  conform
    .command('boss')
    .description('check a BOSS bank interface (ours or an integrator\'s) against bank-interface.md over TCP')
    .requiredOption('--target <host:port>', 'the BOSS to check, e.g. 127.0.0.1:9100')
    .option('--profile <file>', 'the bank-interface profile the BOSS speaks (default: boss-bank/1)')
    .option('--data <file>', 'JSON with the codes and customers the BOSS holds, over the demo data (docs/boss/conformance.md)')
    .option('--bank <code>', `the bank the suite acts as: every TXCODE enabled, bound to this machine's address (default ${DEMO_TARGET_DATA.bank})`)
    .option('--date <yyyymmdd>', "the BOSS's business date, TXDATE of the requests (default: today at UTC+08:00)")
    .option('--reconcile-date <yyyymmdd>', 'the newest of the three days before --date the suite dates some requests on and reconciles for good (default: the day before --date)')
    .option('--off-list-address <ip>', 'a local IPv4 address no bank is bound to, for the allow-list case (default 127.0.0.2)')
    .option('--seed <n>', 'replay a run with its seed (amounts; serials stay unique per run)', seedOption)
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--include-slow', 'also run the cases tagged slow: the 10 s frame and 60 s idle timeouts')
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write all four report formats into this directory')
    .action(async (options: ConformBossOptions) => {
      const destination: ReportDestination = { format: parseReportFormat(options.report), out: options.out, outDir: options.outDir };
      const address = parseHostPort(options.target, '--target');
      const profile = profileOption(options.profile);
      const { data, source } = await readData(options);
      const businessDate = options.date === undefined ? undefined : checkDate(options.date, '--date');
      const seed = options.seed ?? newSeed();
      const filter = { idPrefixes: options.id ?? [], tags: options.tag ?? [] };
      const cases = bossCases({ includeSlow: options.includeSlow === true });
      if (selectCases(cases, filter).length === 0) {
        const slowWouldMatch = options.includeSlow !== true && selectCases(BOSS_CASES, filter).length > 0;
        throw new InputError('--id/--tag', slowWouldMatch ? 'only slow cases match the filter: add --include-slow' : 'no case matches the filter');
      }
      // the data and dates checked against the profile (InputError) before anything goes on the wire
      const target = createBossTarget({ ...address, profile, data, seed, dataSource: source, ...(businessDate ? { businessDate } : {}) });
      await prepareReportDestination(destination);
      await checkReachable(address, profile);
      const { dates } = target;
      await runAndReport([bossBinding(target, cases)], { suite: BOSS_SUITE_NAME, seed, replay: replayCommand(seed, options), filter }, destination, io, conforms,
        `BOSS at ${formatHostPort(address.host, address.port)}, bank ${data.bank}, business date ${dates.business}, reconciled for good: ${dates.closed} and ${dates.reconcile}, serial prefix ${target.serials.prefix}`);
    });
}

/** Every case passed or was not applicable. */
export function conforms(report: SuiteReport): boolean {
  return report.results.every((r) => r.verdict === 'pass' || r.verdict === 'not-applicable');
}

/**
 * The demo data, the --data file over it, the options over that; and where each key came from, so a
 * value the profile refuses is reported under its option or key (createBossTarget checks them).
 */
async function readData(options: ConformBossOptions): Promise<{ data: BossTargetData; source: DataSource }> {
  let data = DEMO_TARGET_DATA;
  let fromFile = new Set<string>();
  if (options.data !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(options.data, 'utf8'));
    } catch (error) {
      throw new InputError('--data', `cannot read ${options.data} as JSON: ${errorMessage(error)}`, { cause: error });
    }
    data = targetDataFrom(document, `--data ${options.data}:`);
    fromFile = new Set(typeof document === 'object' && document !== null ? Object.keys(document) : []);
  }
  const fromOptions: Partial<Record<keyof BossTargetData, string>> = {};
  if (options.bank !== undefined) {
    data = { ...data, bank: options.bank };
    fromOptions.bank = '--bank';
  }
  if (options.reconcileDate !== undefined) {
    data = { ...data, reconcileDate: options.reconcileDate };
    fromOptions.reconcileDate = '--reconcile-date';
  }
  if (options.offListAddress !== undefined) {
    data = { ...data, offListAddress: options.offListAddress };
    fromOptions.offListAddress = '--off-list-address';
  }
  const file = options.data;
  const source: DataSource = (key) => fromOptions[key] ?? (file !== undefined && fromFile.has(key) ? `--data ${file}: ${key}` : `--data ${key} (the demo data's, not given)`);
  return { data, source };
}

/** One connection before the run, so an unreachable target is one clear error, not every case inconclusive. */
async function checkReachable(address: HostPort, profile: Profile): Promise<void> {
  try {
    const connection = await BankConnection.open({ ...address, profile, timeoutMs: 5_000 });
    await connection.close({ abort: true });
  } catch (error) {
    throw new BossTargetUnreachableError(address, error);
  }
}

/** The command line that replays this run: the same seed, target, data and filters. */
function replayCommand(seed: number, options: ConformBossOptions): string {
  const parts = ['npx stbpay conform boss', `--target ${shellWord(options.target)}`, `--seed ${seed}`];
  if (options.profile !== undefined) parts.push(`--profile ${shellWord(options.profile)}`);
  if (options.data !== undefined) parts.push(`--data ${shellWord(options.data)}`);
  if (options.bank !== undefined) parts.push(`--bank ${shellWord(options.bank)}`);
  if (options.date !== undefined) parts.push(`--date ${shellWord(options.date)}`);
  if (options.reconcileDate !== undefined) parts.push(`--reconcile-date ${shellWord(options.reconcileDate)}`);
  if (options.offListAddress !== undefined) parts.push(`--off-list-address ${shellWord(options.offListAddress)}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  if (options.includeSlow) parts.push('--include-slow');
  return parts.join(' ');
}
