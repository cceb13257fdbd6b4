import type { CaseResult, SuiteReport } from '../report.ts';
import { overallVerdict } from '../report.ts';
import { evidenceLines } from './evidence-text.ts';

const MARK: Record<CaseResult['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  inconclusive: 'INCO',
  'not-applicable': 'N/A ',
};

/** One line per case; failures and inconclusive cases also show their reason and evidence. */
export function renderConsoleLine(result: CaseResult): string {
  const head = `${MARK[result.verdict]} ${result.id.padEnd(20)} ${result.title}`;
  if (result.verdict === 'pass') return head;
  const lines = [head, `     reason: ${result.reason ?? ''}`];
  if (result.verdict !== 'not-applicable') lines.push(...evidenceLines(result.evidence).map((l) => `     ${l}`));
  return lines.join('\n');
}

export function renderConsoleSummary(report: SuiteReport): string {
  const s = report.summary;
  return [
    '',
    `${report.suite}: ${s.total} ${s.total === 1 ? 'case' : 'cases'} — ${s.pass} passed, ${s.fail} failed, ${s.inconclusive} inconclusive, ${s['not-applicable']} not applicable`,
    `verdict: ${overallVerdict(report).toUpperCase()}   seed: ${report.seed}`,
    `replay:  ${report.replay}`,
  ].join('\n');
}

export function renderConsole(report: SuiteReport): string {
  return `${report.results.map(renderConsoleLine).join('\n')}\n${renderConsoleSummary(report)}\n`;
}
