import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { newSeed } from '../../src/core/random.ts';
import { resolveCardType, CARD_TYPES, type CardType } from '../../src/cards/card-type.ts';
import { CARD_SUITE_NAME, emulatorBindings } from '../../conformance/cards/suite.ts';
import { DEFAULT_PROPERTY_RUNS, propertyRuns } from '../../conformance/framework/property.ts';
import { runSuite, selectCases } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { renderConsoleLine, renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { parseReportFormat, renderReport, type ReportFormat } from '../../conformance/framework/reporters/index.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';
import { integerOption, seedOption } from './number-option.ts';

interface ConformOptions {
  report: string;
  out?: string;
  outDir?: string;
  seed?: number;
  propertyRuns?: number;
  id: string[];
  tag: string[];
  card: string[];
}

/** File names used by --out-dir, one per format. */
const OUT_DIR_FILES: Record<ReportFormat, string> = {
  console: 'report.txt',
  json: 'report.json',
  junit: 'junit.xml',
  md: 'certificate.md',
};

export function registerConformCommands(program: Command, io: CliIo): void {
  const conform = program.command('conform').description('run conformance suites against emulators');
  conform
    .command('cards')
    .description('the memory-card suite against the card emulators')
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write all four report formats into this directory')
    .option('--seed <n>', 'replay a run with its seed', seedOption)
    .option('--property-runs <n>', 'random command sequences per property case (default 1000, or STBPAY_PBT_RUNS)', integerOption('--property-runs', 1))
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect, [])
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect, [])
    .option('--card <type>', 'only this card type (repeatable)', collect, [])
    .action(async (options: ConformOptions) => {
      const format = parseReportFormat(options.report);
      const types = selectTypes(options.card, io);
      const seed = options.seed ?? newSeed();
      const runs = options.propertyRuns ?? propertyRuns();
      const bindings = emulatorBindings(types);
      const filter = { idPrefixes: options.id, tags: options.tag };
      if (bindings.every((b) => selectCases(b.cases, filter).length === 0)) {
        throw new InputError('--id/--tag/--card', 'no case matches the filter');
      }
      // Check where the reports go before the run, so a long run is not lost to a mistyped path.
      if (options.outDir !== undefined) await makeDirectory(options.outDir);
      if (options.out !== undefined) await checkWritableDirectory(options.out);
      const quietProgress = format !== 'console' && options.out === undefined;
      const report = await runSuite(bindings, {
        suite: CARD_SUITE_NAME,
        seed,
        tool: TOOL,
        replay: replayCommand(seed, runs, options),
        filter,
        propertyRuns: runs,
        // With a machine-readable report on stdout, progress goes to stderr so the stdout stays parseable.
        onResult: (result) => (quietProgress ? io.err : io.out)(`${renderConsoleLine(result)}\n`),
      });
      if (options.outDir !== undefined) {
        for (const [f, name] of Object.entries(OUT_DIR_FILES) as [ReportFormat, string][]) {
          await writeReport(join(options.outDir, name), renderReport(report, f));
        }
      }
      if (options.out !== undefined) await writeReport(options.out, renderReport(report, format));
      else if (format !== 'console') io.out(renderReport(report, format));
      const summaryTo = quietProgress ? io.err : io.out;
      summaryTo(`${renderConsoleSummary(report)}\n`);
      io.exitCode = overallVerdict(report) === 'pass' ? 0 : 1;
    });
}

/** The card types to run, each once, in the order given (all when none is given). */
function selectTypes(names: readonly string[], io: CliIo): CardType[] {
  if (names.length === 0) return [...CARD_TYPES];
  const types = names.map((name) => {
    const { type, warning } = resolveCardType(name);
    if (warning) io.err(`stbpay: warning: ${warning}\n`);
    return type;
  });
  return [...new Set(types)];
}

/** The command line that replays this run: the seed, the filters and the number of property sequences. */
function replayCommand(seed: number, runs: number, options: ConformOptions): string {
  // STBPAY_PBT_RUNS changes the run too, so a count other than the default is always spelled out.
  const parts = ['npx stbpay conform cards', `--seed ${seed}`];
  for (const c of options.card) parts.push(`--card ${shellWord(c)}`);
  for (const i of options.id) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag) parts.push(`--tag ${shellWord(t)}`);
  if (runs !== DEFAULT_PROPERTY_RUNS) parts.push(`--property-runs ${runs}`);
  return parts.join(' ');
}

/** Quotes a value for a POSIX shell when it holds anything but plain word characters. */
function shellWord(text: string): string {
  return /^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new InputError('--out-dir', `cannot write reports into ${dir} (${(error as Error).message})`, { cause: error });
  }
}

async function checkWritableDirectory(file: string): Promise<void> {
  try {
    await access(dirname(file), constants.W_OK);
  } catch (error) {
    throw new InputError('--out', `cannot write ${file} (${(error as Error).message})`, { cause: error });
  }
}

async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(file, `cannot write the report (${(error as Error).message})`, { cause: error });
  }
}
