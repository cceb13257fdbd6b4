import type { Command } from 'commander';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { formatHostPort, parseHostPort, type HostPort } from '../../src/core/host-port.ts';
import { createRandom, newSeed } from '../../src/core/random.ts';
import { connectWithin } from '../../src/core/tcp-connect.ts';
import { startHsmEmulator } from '../../simulators/hsm/index.ts';
import { selectCases } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { parseReportFormat } from '../../conformance/framework/reporters/index.ts';
import { HSM_CASES, HSM_SUITE_NAME } from '../../conformance/hsm/suite.ts';
import { hsmBinding, hsmTarget } from '../../conformance/hsm/target.ts';
import { runAndReport } from './run-and-report.ts';
import type { CliIo } from '../io.ts';
import { integerOption, seedOption } from './number-option.ts';
import { collect, prepareReportDestination, shellWord, type ReportDestination } from './report-output.ts';

interface ConformHsmOptions {
  target?: string;
  emulator?: boolean;
  headerLength?: number;
  timeoutMs?: number;
  seed?: number;
  id?: string[];
  tag?: string[];
  report: string;
  out?: string;
  outDir?: string;
}

/**
 * `stbpay conform hsm --target HOST:PORT`: the HSM command-set suite against any HSM of docs/hsm.md
 * over TCP; `--emulator` runs it against our emulator, started in-process for the run (a self-check).
 * Exit 0 when every case passed, 1 when not, 2 on bad input (an unreachable target included).
 */
export function registerConformHsmCommand(conform: Command, io: CliIo): void {
  conform
    .command('hsm')
    .description('check an HSM of the stbpay command set (docs/hsm.md) over TCP')
    .option('--target <host:port>', 'the HSM to check, e.g. 127.0.0.1:1500 (this or --emulator)')
    .option('--emulator', 'start the stbpay HSM emulator in-process on 127.0.0.1 and check it (self-check)')
    .option('--header-length <n>', 'the header length the HSM is configured with (default 4)', integerOption('--header-length', 1, 32))
    .option('--timeout-ms <n>', 'how long connecting and each answer may take (default 5000)', integerOption('--timeout-ms', 1, 600_000))
    .option('--seed <n>', 'replay a run with its seed (random keys and data of the cases)', seedOption)
    .option('--id <prefix>', 'only cases whose id starts with this (repeatable)', collect)
    .option('--tag <tag>', 'only cases with this tag (repeatable)', collect)
    .option('--report <format>', 'console, json, junit or md', 'console')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--out-dir <dir>', 'write all four report formats into this directory')
    .action(async (options: ConformHsmOptions) => {
      const destination: ReportDestination = { format: parseReportFormat(options.report), out: options.out, outDir: options.outDir };
      if ((options.target === undefined) === (options.emulator !== true)) throw new InputError('--target', 'give either --target HOST:PORT (the HSM to check) or --emulator (our own, for a self-check)');
      const address = options.target === undefined ? undefined : parseHostPort(options.target, '--target');
      const seed = options.seed ?? newSeed();
      const filter = { idPrefixes: options.id ?? [], tags: options.tag ?? [] };
      if (selectCases(HSM_CASES, filter).length === 0) throw new InputError('--id/--tag', 'no case matches the filter');
      await prepareReportDestination(destination);
      const timeoutMs = options.timeoutMs ?? 5_000;
      const emulator = address === undefined ? await startHsmEmulator({ port: 0, random: createRandom(seed), ...(options.headerLength ? { headerLength: options.headerLength } : {}) }) : undefined;
      try {
        const where = address ?? { host: emulator!.host, port: emulator!.port };
        await checkReachable(where, timeoutMs);
        const target = hsmTarget({ ...where, timeoutMs, ...(options.headerLength ? { headerLength: options.headerLength } : {}) });
        const identity = emulator ? { kind: 'emulator', name: 'stbpay HSM emulator (in-process)', details: { address: formatHostPort(where.host, where.port), 'header length': String(target.headerLength) } } : undefined;
        await runAndReport([hsmBinding(target, HSM_CASES, identity)], { suite: HSM_SUITE_NAME, seed, replay: replayCommand(seed, options), filter }, destination, io, (report) => overallVerdict(report) === 'pass',
          `HSM at ${formatHostPort(where.host, where.port)}${emulator ? ' (our emulator, in-process)' : ''}, header length ${target.headerLength}, seed: ${seed}`);
      } finally {
        await emulator?.close();
      }
    });
}

/** One TCP connection before the run: an address nothing listens on is bad input (exit 2), not every case failed. */
async function checkReachable(address: HostPort, timeoutMs: number): Promise<void> {
  try {
    const socket = await connectWithin(address.host, address.port, timeoutMs, (message, cause) => new Error(message, cause ? { cause } : undefined));
    socket.destroy();
  } catch (error) {
    throw new InputError('--target', `cannot connect to the HSM at ${formatHostPort(address.host, address.port)}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The command line that replays this run. */
function replayCommand(seed: number, options: ConformHsmOptions): string {
  const parts = ['npx stbpay conform hsm', options.target !== undefined ? `--target ${shellWord(options.target)}` : '--emulator', `--seed ${seed}`];
  if (options.headerLength !== undefined) parts.push(`--header-length ${options.headerLength}`);
  if (options.timeoutMs !== undefined) parts.push(`--timeout-ms ${options.timeoutMs}`);
  for (const i of options.id ?? []) parts.push(`--id ${shellWord(i)}`);
  for (const t of options.tag ?? []) parts.push(`--tag ${shellWord(t)}`);
  return parts.join(' ');
}
