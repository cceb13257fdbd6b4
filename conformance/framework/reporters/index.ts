import { InputError } from '../../../src/core/errors.ts';
import type { SuiteReport } from '../report.ts';
import { renderConsole } from './console.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

export const REPORT_FORMATS = ['console', 'json', 'junit', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, (report: SuiteReport) => string> = {
  console: renderConsole,
  json: renderJson,
  junit: renderJunit,
  md: renderMarkdown,
};

export function parseReportFormat(name: string): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === name.toLowerCase());
  if (!format) throw new InputError('--report', `unknown report format "${name}"; use one of ${REPORT_FORMATS.join(', ')}`);
  return format;
}

export function renderReport(report: SuiteReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}
