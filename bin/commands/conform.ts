import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { newSeed } from '../../src/core/random.ts';
import { resolveCardType, CARD_TYPES, type CardType } from '../../src/cards/card-type.ts';
import { CARD_SUITE_NAME, emulatorBindings } from '../../conformance/cards/suite.ts';
import { runSuite } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { renderConsoleLine, renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { parseReportFormat, renderReport, type ReportFormat } from '../../conformance/framework/reporters/index.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';

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
    .option('--seed <n>', 'replay a run with its seed', (v) => seedValue(v))
    .option('--property-runs <n>', 'random command sequences per property case (default 1000, or STBPAY_PBT_RUNS)', (v) => positive(v))
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect, [])
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect, [])
    .option('--card <type>', 'only this card type (repeatable)', collect, [])
    .action(async (options: ConformOptions) => {
      const format = parseReportFormat(options.report);
      const types = selectTypes(options.card, io);
      const seed = options.seed ?? newSeed();
      const quietProgress = format !== 'console' && options.out === undefined;
      const report = await runSuite(emulatorBindings(types), {
        suite: CARD_SUITE_NAME,
        seed,
        tool: TOOL,
        replay: replayCommand(seed, options),
        filter: { idPrefixes: options.id, tags: options.tag },
        ...(options.propertyRuns !== undefined ? { propertyRuns: options.propertyRuns } : {}),
        // With a machine-readable report on stdout, progress goes to stderr so the stdout stays parseable.
        onResult: (result) => (quietProgress ? io.err : io.out)(`${renderConsoleLine(result)}\n`),
      });
      if (report.summary.total === 0) throw new InputError('--id/--tag/--card', 'no case matches the filter');
      if (options.outDir !== undefined) {
        await mkdir(options.outDir, { recursive: true });
        for (const [f, name] of Object.entries(OUT_DIR_FILES) as [ReportFormat, string][]) {
          await writeFile(join(options.outDir, name), renderReport(report, f));
        }
      }
      if (options.out !== undefined) await writeFile(options.out, renderReport(report, format));
      else if (format !== 'console') io.out(renderReport(report, format));
      const summaryTo = quietProgress ? io.err : io.out;
      summaryTo(`${renderConsoleSummary(report)}\n`);
      io.exitCode = overallVerdict(report) === 'pass' ? 0 : 1;
    });
}

function selectTypes(names: readonly string[], io: CliIo): CardType[] {
  if (names.length === 0) return [...CARD_TYPES];
  return names.map((name) => {
    const { type, warning } = resolveCardType(name);
    if (warning) io.err(`stbpay: warning: ${warning}\n`);
    return type;
  });
}

function replayCommand(seed: number, options: ConformOptions): string {
  const parts = ['npx stbpay conform cards', `--seed ${seed}`];
  for (const c of options.card) parts.push(`--card ${c}`);
  for (const i of options.id) parts.push(`--id ${i}`);
  for (const t of options.tag) parts.push(`--tag ${t}`);
  if (options.propertyRuns !== undefined) parts.push(`--property-runs ${options.propertyRuns}`);
  return parts.join(' ');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seedValue(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new InputError('--seed', `"${text}" is not a whole number`);
  return value;
}

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InputError('--property-runs', `"${text}" is not a whole number of at least 1`);
  return value;
}
