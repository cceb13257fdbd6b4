import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { parseHostPort } from '../../src/core/host-port.ts';
import { loadCapture } from '../../src/boss/capture/load.ts';
import type { Profile } from '../../src/boss/profile/index.ts';
import {
  DEFAULT_ANSWER_TIMEOUT_MS,
  DEFAULT_CLOSE_MARGIN_MS,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_SETTLE_MS,
  REPLAY_REPORT_FORMATS,
  renderReplayReport,
  replayCapture,
  replayExitCode,
  responseFieldNames,
  type ReplayReportFormat,
} from '../../src/boss/replay/index.ts';
import type { CliIo } from '../io.ts';
import { integerOption } from './number-option.ts';
import { profileOption } from './profile-option.ts';
import { collect, prepareReportDestination, ReportWriteError } from './report-output.ts';

export interface ReplayCommandOptions {
  readonly target: string;
  readonly profile?: string;
  readonly report: string;
  readonly out?: string;
  readonly bossPort?: number;
  readonly ignore?: readonly string[];
  readonly timeout?: number;
  readonly closeMargin?: number;
  readonly closeTimeout?: number;
  readonly settle?: number;
}

/**
 * `stbpay replay FILE --target HOST:PORT`: replays a capture (JSON lines, pcap or pcapng) against a
 * BOSS and compares every answer with the captured one. Exit 0 all matched, 1 any differed or went
 * missing or nothing was compared, 2 bad input. docs/boss/capture.md §4
 */
export function registerReplayCommand(program: Command, io: CliIo): void {
  program
    .command('replay')
    .description('replay a BOSS capture (JSON lines, pcap, pcapng) against a BOSS and compare the answers field by field')
    .argument('<file>', 'the capture file; its kind is recognised by its first bytes')
    .requiredOption('--target <host:port>', 'the BOSS to replay against')
    .option('--profile <file>', 'bank-interface profile JSON (default boss-bank/1): framing, decoding, volatile fields')
    .option('--report <format>', `report format: ${REPLAY_REPORT_FORMATS.join(', ')}`, 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--boss-port <n>', 'pcap: the BOSS TCP port (decides the sides; other connections are left out)', integerOption('--boss-port', 1, 65535))
    .option('--ignore <field>', 'do not compare this answer field (repeatable), e.g. RESPMSG, INVOICENO for another BOSS implementation', collect)
    .option('--timeout <ms>', `wait for each answer (default ${DEFAULT_ANSWER_TIMEOUT_MS})`, integerOption('--timeout', 1, 3_600_000))
    .option('--close-margin <ms>', `added to the time the capture shows before a BOSS close (default ${DEFAULT_CLOSE_MARGIN_MS})`, integerOption('--close-margin', 0, 3_600_000))
    .option('--close-timeout <ms>', `longest wait for a close the capture shows; longer ones are not checked (default ${DEFAULT_CLOSE_TIMEOUT_MS})`, integerOption('--close-timeout', 1, 3_600_000))
    .option('--settle <ms>', `watch for unexpected answers at the end of a connection (default ${DEFAULT_SETTLE_MS})`, integerOption('--settle', 0, 60_000))
    .action(async (file: string, options: ReplayCommandOptions) => runReplay(file, options, io));
}

export async function runReplay(file: string, options: ReplayCommandOptions, io: CliIo): Promise<void> {
  const format = reportFormat(options.report);
  const target = parseHostPort(options.target, '--target');
  const profile = profileOption(options.profile);
  const ignore = ignoreOption(options.ignore ?? [], profile);
  // a mistyped --out fails now, not after a long replay
  await prepareReportDestination({ format, ...(options.out === undefined ? {} : { out: options.out }) });
  const capture = await loadCapture(file, profile, options.bossPort === undefined ? {} : { bossPort: options.bossPort });
  const report = await replayCapture(capture, {
    host: target.host,
    port: target.port,
    profile,
    ignore,
    ...(options.timeout === undefined ? {} : { answerTimeoutMs: options.timeout }),
    ...(options.closeMargin === undefined ? {} : { closeMarginMs: options.closeMargin }),
    ...(options.closeTimeout === undefined ? {} : { closeTimeoutMs: options.closeTimeout }),
    ...(options.settle === undefined ? {} : { settleMs: options.settle }),
  });
  // the console report says it; a machine-readable one on standard output needs it said beside
  if (report.problem !== undefined && format !== 'console' && options.out === undefined) io.err(`${report.problem}\n`);
  const text = renderReplayReport(report, format);
  if (options.out === undefined) io.out(text);
  else {
    try {
      await writeFile(options.out, text);
    } catch (error) {
      throw new ReportWriteError(options.out, `cannot write the report (${(error as Error).message})`, { cause: error });
    }
    if (format !== 'console') io.out(renderReplayReport(report, 'console'));
  }
  io.exitCode = replayExitCode(report);
}

/** `--ignore FIELD`: a field an answer of the profile can carry (a typo would silently compare everything). */
function ignoreOption(fields: readonly string[], profile: Profile): string[] {
  const known = responseFieldNames(profile);
  const unknown = fields.filter((f) => !known.has(f));
  if (unknown.length > 0) throw new InputError('--ignore', `${unknown.join(', ')}: not an answer field of profile ${profile.profile} (${[...known].join(', ')})`);
  return [...fields];
}

function reportFormat(text: string): ReplayReportFormat {
  if ((REPLAY_REPORT_FORMATS as readonly string[]).includes(text)) return text as ReplayReportFormat;
  throw new InputError('--report', `"${text}" is not one of ${REPLAY_REPORT_FORMATS.join(', ')}`);
}
