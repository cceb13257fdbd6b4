import type { SuiteReport } from '../report.ts';
import { overallVerdict } from '../report.ts';

/** The whole report as JSON: every case with its verdict, reason and evidence bytes. */
export function renderJson(report: SuiteReport): string {
  return `${JSON.stringify({ ...report, verdict: overallVerdict(report) }, null, 2)}\n`;
}
