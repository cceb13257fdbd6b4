import type { ReplayReport } from '../types.ts';
import { renderConsole } from './console.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';

export type ReplayReportFormat = 'console' | 'json' | 'junit';
export const REPLAY_REPORT_FORMATS: readonly ReplayReportFormat[] = ['console', 'json', 'junit'];

export function renderReplayReport(report: ReplayReport, format: ReplayReportFormat): string {
  switch (format) {
    case 'console':
      return renderConsole(report);
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report);
  }
}
