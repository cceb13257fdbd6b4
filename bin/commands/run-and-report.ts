import type { SuiteReport } from '../../conformance/framework/report.ts';
import { renderConsoleLine, renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { runSuite, type RunOptions, type TargetBinding } from '../../conformance/framework/runner.ts';
import type { CliIo } from '../io.ts';
import { TOOL } from '../tool.ts';
import { deliverReport, progressWriter, type ReportDestination } from './report-output.ts';

/**
 * What every `stbpay conform …` command does once its target is ready: runs the suite, printing each
 * result as it comes (to stderr when the report goes to stdout), delivers the report, prints the
 * summary and the files written, and sets the exit code: 0 when `passed(report)`, else 1.
 */
export async function runAndReport(
  bindings: readonly TargetBinding<unknown>[],
  options: Omit<RunOptions, 'tool' | 'onResult'>,
  destination: ReportDestination,
  io: CliIo,
  passed: (report: SuiteReport) => boolean,
  heading?: string,
): Promise<SuiteReport> {
  const progress = progressWriter(destination, io);
  if (heading !== undefined) progress(`${heading}\n`);
  const report = await runSuite(bindings, { ...options, tool: TOOL, onResult: (result) => progress(`${renderConsoleLine(result)}\n`) });
  const written = await deliverReport(report, destination, io);
  progress(`${renderConsoleSummary(report)}\n`);
  if (written.length > 0) progress(`written: ${written.join(', ')}\n`);
  io.exitCode = passed(report) ? 0 : 1;
  return report;
}
