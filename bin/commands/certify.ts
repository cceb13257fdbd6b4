import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { parseHex } from '../../src/core/hex.ts';
import { newSeed } from '../../src/core/random.ts';
import { CARD_TYPES } from '../../src/cards/card-type.ts';
import { openTarget } from '../../src/reader/open-target.ts';
import type { CcidPort } from '../../src/reader/transport/ccid-port.ts';
import { READER_PROFILES, readerProfile } from '../../simulators/reader/profiles.ts';
import { runSuite, selectCases, type TargetBinding } from '../../conformance/framework/runner.ts';
import { overallVerdict, type SuiteReport } from '../../conformance/framework/report.ts';
import { renderConsoleLine, renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { parseReportFormat, renderReport, type ReportFormat } from '../../conformance/framework/reporters/index.ts';
import { behaviourSection } from '../../conformance/reader/behaviour.ts';
import { pcscBinding, portBinding, type RealCardOptions } from '../../conformance/reader/bindings/hardware.ts';
import { openPcscCardLink, type ClosableCardLink } from '../../conformance/reader/bindings/pcsc-link.ts';
import { simBinding } from '../../conformance/reader/bindings/sim.ts';
import { latencyClock } from '../../conformance/reader/latency-clock.ts';
import { READER_SUITE_NAME } from '../../conformance/reader/suite.ts';
import type { ReaderTarget } from '../../conformance/reader/target.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';
import { cardTypeOption } from './card-type-option.ts';
import { seedOption } from './number-option.ts';
import { collect, deliverReport, prepareReportDestination, progressWriter, shellWord, type ReportDestination } from './report-output.ts';

interface CertifyOptions {
  target: string;
  card?: string;
  profile?: string;
  report: string;
  out?: string;
  outDir?: string;
  seed?: number;
  id?: string[];
  tag?: string[];
  allowWrites?: boolean;
  psc?: string;
}

/** How the command reaches readers; tests replace them (an emulator behind usb:, a fake PC/SC link). */
export interface CertifyDependencies {
  readonly openPort?: (target: string) => Promise<CcidPort>;
  readonly openPcsc?: (readerName: string) => Promise<ClosableCardLink>;
}

export function registerCertifyCommand(program: Command, io: CliIo, dependencies: CertifyDependencies = {}): void {
  program
    .command('certify')
    .description('certify a card reader (CCID, ATR, T=0, memory-card pseudo-APDUs) with a card of a stated type')
    .requiredOption('--target <target>', 'usb:VID:PID, serial:/dev/ttyX[:model], pcsc:"Reader name", or sim (the reader emulator)')
    .option('--card <type>', `the card type in the slot: ${CARD_TYPES.join(', ')} (sim without --card: every type)`)
    .option('--profile <name>', `sim only: the reader model to emulate (${Object.keys(READER_PROFILES).join(', ')})`)
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write the certificate (certificate.md), report.json, junit.xml and report.txt into this directory')
    .option('--seed <n>', 'replay a run with its seed', seedOption)
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--allow-writes', 'real cards: let cases write to the card and spend code attempts (never the last one)')
    .option('--psc <hex>', 'real cards: the card\'s code (PSC / secure code), for the cases that present it')
    .action(async (options: CertifyOptions) => {
      const destination: ReportDestination = { format: parseReportFormat(options.report), out: options.out, outDir: options.outDir };
      const seed = options.seed ?? newSeed();
      const filter = { idPrefixes: options.id ?? [], tags: options.tag ?? [] };
      await prepareReportDestination(destination);
      const opened = await openBindings(options, dependencies, io);
      try {
        if (opened.bindings.every((b) => selectCases(b.cases, filter).length === 0)) {
          throw new InputError('--id/--tag', 'no case matches the filter');
        }
        const progress = progressWriter(destination, io);
        let lastTarget: string | undefined;
        const report = await runSuite(opened.bindings, {
          suite: READER_SUITE_NAME,
          seed,
          tool: TOOL,
          replay: replayCommand(seed, options),
          filter,
          onResult: (result) => {
            // The case ids are the same for every card type: a heading says which target the lines belong to.
            if (result.target !== lastTarget) progress(`${lastTarget === undefined ? '' : '\n'}target: ${result.target}\n`);
            lastTarget = result.target;
            progress(`${renderConsoleLine(result)}\n`);
          },
        });
        const written = await deliverReport(report, destination, io, renderCertificate);
        progress(`${renderConsoleSummary(report)}\n`);
        if (written.length > 0) progress(`written: ${written.join(', ')}\n`);
        io.exitCode = overallVerdict(report) === 'pass' ? 0 : 1;
      } finally {
        await opened.close();
      }
    });
}

interface OpenedBindings {
  readonly bindings: TargetBinding<ReaderTarget>[];
  close(): Promise<void>;
}

async function openBindings(options: CertifyOptions, dependencies: CertifyDependencies, io: CliIo): Promise<OpenedBindings> {
  const { target } = options;
  if (target === 'sim') {
    if (options.allowWrites || options.psc !== undefined) io.err('stbpay: warning: --allow-writes and --psc are for real cards; the emulator always gives fresh cards with a known code\n');
    const profile = options.profile === undefined ? undefined : readerProfile(options.profile);
    const types = options.card === undefined ? [...CARD_TYPES] : [cardTypeOption(options.card, io)];
    const bindings = types.map((cardType) => simBinding({ cardType, ...(profile ? { profile } : {}) }));
    return { bindings, close: async () => undefined };
  }
  if (options.profile !== undefined) throw new InputError('--profile', 'only --target sim has a profile; a real reader is what it is');
  if (options.card === undefined) throw new InputError('--card', `a real reader is certified with a card of a stated type: add --card ${CARD_TYPES.join('|')}`);
  const real: RealCardOptions = {
    cardType: cardTypeOption(options.card, io),
    allowWrites: options.allowWrites === true,
    clock: latencyClock,
    ...(options.psc !== undefined ? { code: parseHex(options.psc, '--psc') } : {}),
  };
  if (target.startsWith('pcsc:')) {
    const name = target.slice('pcsc:'.length);
    if (name.length === 0) throw new InputError('--target', 'pcsc: needs the reader name as pcsc_scan shows it, e.g. pcsc:"ACS ACR39U ICC Reader 00 00"');
    const link = await (dependencies.openPcsc ?? openPcscCardLink)(name);
    return { bindings: [pcscBinding(name, link, real)], close: () => link.close() };
  }
  if (target.startsWith('usb:') || target.startsWith('serial:')) {
    const port = await (dependencies.openPort ?? ((text: string) => openTarget(text)))(target);
    return { bindings: [portBinding(port, real)], close: () => port.close() };
  }
  throw new InputError('--target', `"${target}" is none of usb:VID:PID, serial:/dev/ttyX, pcsc:"Reader name", sim`);
}

/** The report in a format; the certificate also states what the reader did where the clauses allow either behaviour. */
function renderCertificate(report: SuiteReport, format: ReportFormat): string {
  return format === 'md' ? renderReport(report, format) + behaviourSection(report) : renderReport(report, format);
}

/** The command line that replays the run. The code itself never goes into a report: `--psc <code>` stands for it. */
function replayCommand(seed: number, options: CertifyOptions): string {
  const parts = ['npx stbpay certify', `--target ${shellWord(options.target)}`, `--seed ${seed}`];
  if (options.card !== undefined) parts.push(`--card ${shellWord(options.card)}`);
  if (options.profile !== undefined) parts.push(`--profile ${shellWord(options.profile)}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  if (options.allowWrites) parts.push('--allow-writes');
  if (options.psc !== undefined) parts.push('--psc <code>');
  return parts.join(' ');
}
