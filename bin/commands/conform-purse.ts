import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { toHex } from '../../src/core/hex.ts';
import { newSeed } from '../../src/core/random.ts';
import type { TransmissionProtocol } from '../../src/cards/cpu/cpu-card.ts';
import { caseSeed, selectCases } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { parseReportFormat } from '../../conformance/framework/reporters/index.ts';
import { emulatorPurseTarget } from '../../conformance/purse/emulator.ts';
import { CHANGSHA_KEYS, readPurseKeysFile } from '../../conformance/purse/keys.ts';
import { PURSE_CASES, PURSE_SUITE_NAME } from '../../conformance/purse/suite.ts';
import { purseBinding } from '../../conformance/purse/target.ts';
import { runAndReport } from './run-and-report.ts';
import type { CliIo } from '../io.ts';
import { seedOption } from './number-option.ts';
import { collect, prepareReportDestination, shellWord, type ReportDestination } from './report-output.ts';

interface ConformPurseOptions {
  keys?: string;
  protocol?: string[];
  seed?: number;
  id?: string[];
  tag?: string[];
  report: string;
  out?: string;
  outDir?: string;
}

const PROTOCOLS: readonly TransmissionProtocol[] = ['T=0', 'T=1'];

/**
 * `stbpay conform purse`: the PBOC purse card-side suite. The suite personalises the CPU card
 * emulator as a purse card itself (the Changsha card's keys, or `--keys`), once per protocol, and runs
 * every case over its APDU channel. Exit 0 when every case passed or was not applicable, 1 when not,
 * 2 on bad input.
 */
export function registerConformPurseCommand(conform: Command, io: CliIo): void {
  conform
    .command('purse')
    .description('the PBOC purse (card side) suite against a purse card the emulator is personalised as')
    .option('--keys <file>', `the card's AID, keys and variant (docs/conformance/purse.md; default: the Changsha card's keys)`)
    .option('--protocol <T=0|T=1>', 'only this protocol (repeatable; default both)', collect)
    .option('--seed <n>', 'replay a run with its seed (amounts, sequence numbers, the card\'s random numbers)', seedOption)
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write all four report formats into this directory')
    .action(async (options: ConformPurseOptions) => {
      const destination: ReportDestination = { format: parseReportFormat(options.report), out: options.out, outDir: options.outDir };
      const protocols = selectProtocols(options.protocol ?? []);
      const keys = options.keys === undefined ? CHANGSHA_KEYS : await readPurseKeysFile(options.keys, '--keys');
      const seed = options.seed ?? newSeed();
      const filter = { idPrefixes: options.id ?? [], tags: options.tag ?? [] };
      if (selectCases(PURSE_CASES, filter).length === 0) throw new InputError('--id/--tag', 'no case matches the filter');
      await prepareReportDestination(destination);
      const bindings = protocols.map((protocol) =>
        purseBinding(emulatorPurseTarget(protocol, keys, caseSeed(seed, protocol)), PURSE_CASES, {
          kind: 'emulator',
          name: `stbpay PBOC purse card emulator (${protocol})`,
          details: { keys: options.keys ?? "the Changsha card's (psam_hsm.md §1.8 A)" },
        }),
      );
      await runAndReport(bindings, { suite: PURSE_SUITE_NAME, seed, replay: replayCommand(seed, options), filter }, destination, io, (report) => overallVerdict(report) === 'pass',
        `purse card emulator personalised with ${options.keys ?? "the Changsha card's keys"}, AID ${toHex(keys.aid)}, ${protocols.join(' and ')}, seed: ${seed}`);
    });
}

function selectProtocols(names: readonly string[]): TransmissionProtocol[] {
  if (names.length === 0) return [...PROTOCOLS];
  for (const name of names) {
    if (!(PROTOCOLS as readonly string[]).includes(name.toUpperCase())) throw new InputError('--protocol', `"${name}" is not T=0 or T=1`);
  }
  return PROTOCOLS.filter((p) => names.some((n) => n.toUpperCase() === p));
}

function replayCommand(seed: number, options: ConformPurseOptions): string {
  const parts = ['npx stbpay conform purse', `--seed ${seed}`];
  if (options.keys !== undefined) parts.push(`--keys ${shellWord(options.keys)}`);
  for (const p of options.protocol ?? []) parts.push(`--protocol ${shellWord(p)}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  return parts.join(' ');
}
