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
import { behaviourSection, latencySection, notVerifiedSection } from '../../conformance/reader/behaviour.ts';
import { pcscBinding, portBinding, type RealCardOptions } from '../../conformance/reader/bindings/hardware.ts';
import { openPcscCardLink, type ClosableCardLink } from '../../conformance/reader/bindings/pcsc-link.ts';
import { simBinding } from '../../conformance/reader/bindings/sim.ts';
import { latencyClock } from '../../conformance/reader/latency-clock.ts';
import { READER_SUITE_NAME } from '../../conformance/reader/suite.ts';
import { READER_CAPABILITY, type ReaderTarget } from '../../conformance/reader/target.ts';
import { MEMORY_CARD_APDUS } from '../../conformance/reader/memory-cards.ts';
import type { CardType } from '../../src/cards/card-type.ts';
import { readFile } from 'node:fs/promises';
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
  allowProtect?: boolean;
  interactive?: boolean;
  psc?: string;
  pscFile?: string;
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
    .option('--psc-file <file>', 'real cards: read the code (hex) from this file, so it does not show in ps or the shell history')
    .option('--allow-protect', 'real cards, with --allow-writes: let READER-<TYPE>-009 protect a byte for good when none is protected')
    .option('--interactive', 'usb: and serial: readers: ask on stderr to remove and insert the card, so the slot-change cases run')
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
    if (options.allowWrites || options.allowProtect || options.psc !== undefined || options.pscFile !== undefined || options.interactive) {
      io.err('stbpay: warning: --allow-writes, --allow-protect, --psc, --psc-file and --interactive are for real cards; the emulator always gives fresh cards with a known code and moves them itself\n');
    }
    const profile = options.profile === undefined ? undefined : readerProfile(options.profile);
    const types = options.card === undefined ? [...CARD_TYPES] : [cardTypeOption(options.card, io)];
    const bindings = types.map((cardType) => simBinding({ cardType, ...(profile ? { profile } : {}) }));
    return { bindings, close: async () => undefined };
  }
  if (options.profile !== undefined) throw new InputError('--profile', 'only --target sim has a profile; a real reader is what it is');
  if (options.card === undefined) throw new InputError('--card', `a real reader is certified with a card of a stated type: add --card ${CARD_TYPES.join('|')}`);
  const cardType = cardTypeOption(options.card, io);
  if (options.allowProtect && !options.allowWrites) throw new InputError('--allow-protect', 'protecting a byte is a write: add --allow-writes too');
  const code = await statedCode(options, cardType);
  const real: RealCardOptions = {
    cardType,
    allowWrites: options.allowWrites === true,
    clock: latencyClock,
    ...(code ? { code } : {}),
    ...(options.interactive ? { interactive: { prompt: (text: string) => io.err(text) } } : {}),
    ...(options.allowProtect ? { details: { protection: 'allowed (--allow-protect): a byte may be protected for good' } } : {}),
  };
  if (options.interactive && target.startsWith('pcsc:')) {
    throw new InputError('--interactive', 'the card-movement cases watch the slot through CCID: use a usb: or serial: target (stop pcscd first)');
  }
  warnAboutWrites(options, io);
  if (target.startsWith('pcsc:')) {
    const name = target.slice('pcsc:'.length);
    if (name.length === 0) throw new InputError('--target', 'pcsc: needs the reader name as pcsc_scan shows it, e.g. pcsc:"ACS ACR39U ICC Reader 00 00"');
    const link = await (dependencies.openPcsc ?? openPcscCardLink)(name);
    return { bindings: [allowingProtection(pcscBinding(name, link, real), options)], close: () => link.close() };
  }
  if (target.startsWith('usb:') || target.startsWith('serial:')) {
    const port = await (dependencies.openPort ?? ((text: string) => openTarget(text)))(target);
    return { bindings: [allowingProtection(portBinding(port, real), options)], close: () => port.close() };
  }
  throw new InputError('--target', `"${target}" is none of usb:VID:PID, serial:/dev/ttyX, pcsc:"Reader name", sim`);
}

/** The report in a format; the certificate also states what the reader did where the clauses allow either behaviour. */
function renderCertificate(report: SuiteReport, format: ReportFormat): string {
  if (format !== 'md') return renderReport(report, format);
  return renderReport(report, format) + behaviourSection(report) + notVerifiedSection(report) + latencySection(report);
}

/** The command line that replays the run. The code itself never goes into a report: `--psc <code>` stands for it. */
function replayCommand(seed: number, options: CertifyOptions): string {
  const parts = ['npx stbpay certify', `--target ${shellWord(options.target)}`, `--seed ${seed}`];
  if (options.card !== undefined) parts.push(`--card ${shellWord(options.card)}`);
  if (options.profile !== undefined) parts.push(`--profile ${shellWord(options.profile)}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  if (options.allowWrites) parts.push('--allow-writes');
  if (options.allowProtect) parts.push('--allow-protect');
  if (options.interactive) parts.push('--interactive');
  if (options.psc !== undefined) parts.push('--psc <code>');
  if (options.pscFile !== undefined) parts.push(`--psc-file ${shellWord(options.pscFile)}`);
  return parts.join(' ');
}

/**
 * The code from --psc or --psc-file, checked against the card type before anything is sent: a code
 * of the wrong length, or for a type whose cases present none, is a mistake on the command line.
 * A file's contents never appear in a message (that is what the file is for).
 */
async function statedCode(options: CertifyOptions, cardType: CardType): Promise<Uint8Array | undefined> {
  if (options.psc !== undefined && options.pscFile !== undefined) throw new InputError('--psc-file', 'give the code once: --psc or --psc-file');
  const field = options.pscFile !== undefined ? '--psc-file' : '--psc';
  let code: Uint8Array;
  if (options.psc !== undefined) code = parseHex(options.psc, '--psc');
  else if (options.pscFile !== undefined) code = await codeFromFile(options.pscFile);
  else return undefined;
  const spec = MEMORY_CARD_APDUS[cardType].code;
  if (!spec) throw new InputError(field, `no ${cardType} case presents a code (the suite only reads its attempts counter): leave the code out`);
  if (code.length !== spec.length) throw new InputError(field, `the ${cardType} ${spec.name} is ${spec.length} bytes (${spec.length * 2} hex digits), got ${code.length}`);
  return code;
}

async function codeFromFile(file: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError('--psc-file', `cannot read ${file} (${(error as Error).message})`, { cause: error });
  }
  try {
    return parseHex(text.trim(), '--psc-file');
  } catch {
    throw new InputError('--psc-file', `${file} does not hold the code as hex digits (e.g. FFFFFF or FF FF FF)`);
  }
}

/** Says on stderr, before the run, what the cases may do to the card in the reader. */
function warnAboutWrites(options: CertifyOptions, io: CliIo): void {
  if (options.allowProtect) {
    io.err('stbpay: warning: --allow-protect: if the card has no protected byte, READER-<TYPE>-009 protects one for good (byte 1Fh of an SLE4442, 3Fh of an SLE4428)\n');
  }
  if (options.allowWrites) {
    io.err('stbpay: warning: --allow-writes: the cases write to the card, change its code and back, and spend code attempts (never the last one); use a test card, never a customer\'s\n');
  }
}

/** With --allow-protect, the target offers the irreversible capability. */
function allowingProtection(binding: TargetBinding<ReaderTarget>, options: CertifyOptions): TargetBinding<ReaderTarget> {
  if (!options.allowProtect) return binding;
  return {
    ...binding,
    capabilities: new Set([...binding.capabilities, READER_CAPABILITY.irreversible]),
    target: { ...binding.target, allowsIrreversible: true },
  };
}
