import type { SuiteReport } from '../report.ts';
import { evidenceLines } from './evidence-text.ts';

/**
 * JUnit XML as CI servers read it: one <testsuite> per target, one <testcase> per case; fail is a
 * <failure>, inconclusive an <error>, not-applicable <skipped>. The evidence goes to <system-out>.
 */
export function renderJunit(report: SuiteReport): string {
  const byTarget = new Map<string, SuiteReport['results'][number][]>();
  for (const r of report.results) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
  const suites = [...byTarget.entries()].map(([target, results]) => {
    const count = (v: string): number => results.filter((r) => r.verdict === v).length;
    const seconds = results.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
    const cases = results.map((r) => {
      const attrs = `name="${xml(`${r.id} ${r.title}`)}" classname="${xml(`${report.suite}.${target}`)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      const out = `<system-out>${xml([`clause: ${r.clause}`, ...evidenceLines(r.evidence)].join('\n'))}</system-out>`;
      const reason = xml(r.reason ?? '');
      const verdictElement =
        r.verdict === 'fail'
          ? `<failure message="${reason}" type="fail">${reason}</failure>`
          : r.verdict === 'inconclusive'
            ? `<error message="${reason}" type="inconclusive">${reason}</error>`
            : r.verdict === 'not-applicable'
              ? `<skipped message="${reason}"/>`
              : '';
      return `    <testcase ${attrs}>${verdictElement}${out}</testcase>`;
    });
    return [
      `  <testsuite name="${xml(`${report.suite}: ${target}`)}" tests="${results.length}" failures="${count('fail')}" errors="${count('inconclusive')}" skipped="${count('not-applicable')}" time="${seconds.toFixed(3)}" timestamp="${report.startedAt}">`,
      `    <properties><property name="seed" value="${report.seed}"/><property name="replay" value="${xml(report.replay)}"/></properties>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(report.suite)}" tests="${s.total}" failures="${s.fail}" errors="${s.inconclusive}" skipped="${s['not-applicable']}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text made safe for an XML attribute or element (also used by the BOSS replay report). */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
