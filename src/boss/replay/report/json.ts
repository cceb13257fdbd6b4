import type { ReplayReport } from '../types.ts';
import { replayExitCode } from '../types.ts';

/** The report object as JSON, with the exit code it leads to. */
export function renderJson(report: ReplayReport): string {
  return `${JSON.stringify({ ...report, exitCode: replayExitCode(report) }, null, 2)}\n`;
}
