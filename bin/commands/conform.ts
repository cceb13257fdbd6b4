import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { newSeed } from '../../src/core/random.ts';
import { CARD_TYPES, type CardType } from '../../src/cards/card-type.ts';
import { CARD_SUITE_NAME, emulatorBindings } from '../../conformance/cards/suite.ts';
import { DEFAULT_PROPERTY_RUNS, propertyRuns } from '../../conformance/framework/property.ts';
import { runSuite, selectCases } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { renderConsoleLine, renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { parseReportFormat } from '../../conformance/framework/reporters/index.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';
import { cardTypeOption } from './card-type-option.ts';
import { integerOption, seedOption } from './number-option.ts';
import { registerConformBossCommand } from './conform-boss.ts';
import { registerConformHsmCommand } from './conform-hsm.ts';
import { registerConformPurseCommand } from './conform-purse.ts';
import { collect, deliverReport, prepareReportDestination, progressWriter, shellWord, type ReportDestination } from './report-output.ts';

interface ConformOptions {
  report: string;
  out?: string;
  outDir?: string;
  seed?: number;
  propertyRuns?: number;
  id?: string[];
  tag?: string[];
  card?: string[];
}

export function registerConformCommands(program: Command, io: CliIo): void {
  const conform = program.command('conform').description('run conformance suites against emulators and targets');
  conform
    .command('cards')
    .description('the memory-card suite against the card emulators')
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write all four report formats into this directory')
    .option('--seed <n>', 'replay a run with its seed', seedOption)
    .option('--property-runs <n>', 'random command sequences per property case (default 1000, or STBPAY_PBT_RUNS)', integerOption('--property-runs', 1))
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--card <type>', 'only this card type (repeatable)', collect)
    .action(async (options: ConformOptions) => {
      const destination: ReportDestination = { format: parseReportFormat(options.report), out: options.out, outDir: options.outDir };
      const types = selectTypes(options.card ?? [], io);
      const seed = options.seed ?? newSeed();
      const runs = options.propertyRuns ?? propertyRuns();
      const bindings = emulatorBindings(types);
      const filter = { idPrefixes: options.id ?? [], tags: options.tag ?? [] };
      if (bindings.every((b) => selectCases(b.cases, filter).length === 0)) {
        throw new InputError('--id/--tag/--card', 'no case matches the filter');
      }
      await prepareReportDestination(destination);
      const progress = progressWriter(destination, io);
      const report = await runSuite(bindings, {
        suite: CARD_SUITE_NAME,
        seed,
        tool: TOOL,
        replay: replayCommand(seed, runs, options),
        filter,
        propertyRuns: runs,
        onResult: (result) => progress(`${renderConsoleLine(result)}\n`),
      });
      await deliverReport(report, destination, io);
      progress(`${renderConsoleSummary(report)}\n`);
      io.exitCode = overallVerdict(report) === 'pass' ? 0 : 1;
    });
  registerConformBossCommand(conform, io);
  registerConformHsmCommand(conform, io);
  registerConformPurseCommand(conform, io);
}

/** The card types to run, each once, in the order given (all when none is given). */
function selectTypes(names: readonly string[], io: CliIo): CardType[] {
  if (names.length === 0) return [...CARD_TYPES];
  return [...new Set(names.map((name) => cardTypeOption(name, io)))];
}

/** The command line that replays this run: the seed, the filters and the number of property sequences. */
function replayCommand(seed: number, runs: number, options: ConformOptions): string {
  // STBPAY_PBT_RUNS changes the run too, so a count other than the default is always spelled out.
  const parts = ['npx stbpay conform cards', `--seed ${seed}`];
  for (const c of options.card ?? []) parts.push(`--card ${shellWord(c)}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  if (runs !== DEFAULT_PROPERTY_RUNS) parts.push(`--property-runs ${runs}`);
  return parts.join(' ');
}
