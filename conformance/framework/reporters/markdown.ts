import { createHash } from 'node:crypto';
import type { Verdict } from '../case.ts';
import type { CaseResult, SuiteReport } from '../report.ts';
import { overallVerdict } from '../report.ts';
import { evidenceLines } from './evidence-text.ts';

const LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  inconclusive: 'INCONCLUSIVE',
  'not-applicable': 'NOT APPLICABLE',
};

/** Worst first: a clause fails if any of its cases fails. */
const SEVERITY: Verdict[] = ['fail', 'inconclusive', 'pass', 'not-applicable'];

/**
 * A conformance certificate a vendor can hand to a customer: identity of the target and the tool,
 * date, seed and replay command, the verdict per clause, then every case, then the evidence of every
 * case that did not pass. The report id is a digest of the results, so an edited certificate no
 * longer matches its JSON companion.
 */
export function renderMarkdown(report: SuiteReport): string {
  const digest = createHash('sha256').update(JSON.stringify(report.results)).digest('hex').slice(0, 16).toUpperCase();
  const verdict = overallVerdict(report);
  const s = report.summary;
  const lines: string[] = [
    `# Conformance certificate — ${report.suite}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Report id | ${digest} |`,
    `| Overall verdict | **${verdict.toUpperCase()}** |`,
    `| Tool | ${report.tool.name} ${report.tool.version} |`,
    `| Date | ${report.startedAt} |`,
    `| Seed | ${report.seed} |`,
    `| Replay | \`${report.replay}\` |`,
    `| Cases | ${s.total}: ${s.pass} pass, ${s.fail} fail, ${s.inconclusive} inconclusive, ${s['not-applicable']} not applicable |`,
    '',
    '## Targets',
    '',
    ...report.targets.flatMap((t) => [
      `- **${cell(t.name)}** (${cell(t.kind)})${Object.entries(t.details ?? {}).map(([k, v]) => `; ${cell(k)}: ${cell(v)}`).join('')}`,
    ]),
    '',
    '## Decision rule',
    '',
    'The target conforms when no case fails, no case is inconclusive and at least one case passes. Cases not applicable to a target',
    '(a capability it does not offer) are listed with the reason and count neither way. These results apply',
    'only to the unit and firmware identified above.',
    '',
    '## Verdict per clause',
    '',
    '| Target | Clause | Cases | Verdict |',
    '|---|---|---|---|',
    ...clauseRows(report.results),
    '',
    '## Cases',
    '',
    '| Target | Id | Title | Verdict | Reason |',
    '|---|---|---|---|---|',
    ...report.results.map((r) => `| ${cell(r.target)} | ${r.id} | ${cell(r.title)} | ${LABEL[r.verdict]} | ${cell(r.reason ?? '')} |`),
  ];
  const notPassed = report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive');
  if (notPassed.length > 0) {
    lines.push('', '## Evidence of cases that did not pass', '');
    for (const r of notPassed) {
      lines.push(`### ${r.id} — ${LABEL[r.verdict]}`, '', `Clause: ${r.clause}`, '', `Reason: ${r.reason ?? ''}`, '', '```', ...evidenceLines(r.evidence), '```', '');
    }
  }
  return `${lines.join('\n')}\n`;
}

function clauseRows(results: readonly CaseResult[]): string[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${r.target}\u0000${r.clause}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const worst = SEVERITY.find((v) => group.some((r) => r.verdict === v)) ?? 'not-applicable';
    const first = group[0]!;
    return `| ${cell(first.target)} | ${cell(first.clause)} | ${group.map((r) => r.id).join(', ')} | ${LABEL[worst]} |`;
  });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
