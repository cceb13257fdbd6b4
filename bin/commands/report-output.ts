import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, StbpayError } from '../../src/core/errors.ts';
import type { SuiteReport } from '../../conformance/framework/report.ts';
import { renderReport, type ReportFormat } from '../../conformance/framework/reporters/index.ts';
import type { CliIo } from '../io.ts';

/**
 * Where a suite command (`conform cards`, `certify`) sends its report: `--report` picks the format for
 * standard output or `--out`, `--out-dir` gets every format.
 */
export interface ReportDestination {
  readonly format: ReportFormat;
  readonly out?: string;
  readonly outDir?: string;
}

/** File names written by --out-dir, one per format, the certificate first (the order they are listed in). */
export const OUT_DIR_FILES: Readonly<Record<ReportFormat, string>> = {
  md: 'certificate.md',
  json: 'report.json',
  junit: 'junit.xml',
  console: 'report.txt',
};

/** Checks where the reports go before the run, so a long run is not lost to a mistyped path; creates --out-dir. */
export async function prepareReportDestination(destination: ReportDestination): Promise<void> {
  if (destination.outDir !== undefined) await makeDirectory(destination.outDir);
  if (destination.out !== undefined) await checkWritableDirectory(destination.out);
}

/**
 * Where progress lines and the summary go: with a machine-readable report on standard output they go
 * to standard error, so that standard output stays parseable.
 */
export function progressWriter(destination: ReportDestination, io: CliIo): (text: string) => void {
  return destination.format !== 'console' && destination.out === undefined ? io.err : io.out;
}

/**
 * Writes the finished report: every format into --out-dir, the chosen one to --out or (unless it is
 * the console format, already shown as progress) to standard output. Returns the files written.
 */
export async function deliverReport(
  report: SuiteReport,
  destination: ReportDestination,
  io: CliIo,
  render: (report: SuiteReport, format: ReportFormat) => string = renderReport,
): Promise<string[]> {
  const written: string[] = [];
  if (destination.outDir !== undefined) {
    for (const [format, name] of Object.entries(OUT_DIR_FILES) as [ReportFormat, string][]) {
      written.push(await writeReport(join(destination.outDir, name), render(report, format)));
    }
  }
  if (destination.out !== undefined) written.push(await writeReport(destination.out, render(report, destination.format)));
  else if (destination.format !== 'console') io.out(render(report, destination.format));
  return written;
}

/** Quotes a value for a POSIX shell when it holds anything but plain word characters (for replay lines). */
export function shellWord(text: string): string {
  return /^[\w.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * commander argument parser for a repeatable option: each occurrence adds to the list. The option
 * has no default (commander's help would print "(default: [])"): read it as `options.x ?? []`.
 */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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

/**
 * A report that could not be written once the run was over (disk full, directory removed meanwhile).
 * Not bad input — the paths were checked before the run — so not exit 2: the CLI reports it with
 * its code, exit 1.
 */
export class ReportWriteError extends StbpayError {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('STBPAY_ERR_REPORT_WRITE', `${file}: ${message}`, options);
    this.file = file;
  }
}

async function writeReport(file: string, text: string): Promise<string> {
  try {
    await writeFile(file, text);
    return file;
  } catch (error) {
    throw new ReportWriteError(file, `cannot write the report after the run (${(error as Error).message})`, { cause: error });
  }
}
