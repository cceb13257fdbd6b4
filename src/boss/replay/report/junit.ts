import { xml } from '../../../../conformance/framework/reporters/junit.ts';
import type { ExchangeResult, ReplayReport } from '../types.ts';

/**
 * JUnit XML: one <testsuite> per connection, one <testcase> per exchange; `differ` is a <failure>,
 * `missing` an <error>, `skipped` <skipped>. The captured and replayed answers go to <system-out>.
 * A replay that compared nothing gets one more suite whose case is an <error>, so that CI does not
 * show it green.
 */
export function renderJunit(report: ReplayReport): string {
  const suites = report.connections.map((connection) => {
    const cases = report.exchanges.filter((e) => e.connection === connection.index);
    const count = (status: ExchangeResult['status']): number => cases.filter((e) => e.status === status).length;
    return [
      `  <testsuite name="${xml(`replay #${connection.index} ${connection.label}`)}" tests="${cases.length}" failures="${count('differ')}" errors="${count('missing')}" skipped="${count('skipped')}" timestamp="${report.startedAt}">`,
      ...cases.map((e) => testCase(e, connection.index)),
      '  </testsuite>',
    ].join('\n');
  });
  if (report.problem !== undefined) {
    const problem = xml(report.problem);
    suites.push(
      [
        `  <testsuite name="replay" tests="1" failures="0" errors="1" skipped="0" timestamp="${report.startedAt}">`,
        `    <testcase name="something to compare" classname="replay"><error message="${problem}" type="nothing-compared">${problem}</error></testcase>`,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const s = report.summary;
  const extra = report.problem === undefined ? 0 : 1;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`replay ${report.capture} → ${report.target}`)}" tests="${s.exchanges + extra}" failures="${s.differed}" errors="${s.missingAnswers + extra}" skipped="${s.skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(e: ExchangeResult, connection: number): string {
  const reason = [...e.differences.map((d) => `${d.field}: expected ${d.expected ?? '(absent)'}, got ${d.actual ?? '(absent)'}`), ...(e.note ? [e.note] : [])].join('; ');
  const verdict = {
    differ: `<failure message="${xml(reason)}" type="differ">${xml(reason)}</failure>`,
    missing: `<error message="${xml(reason)}" type="missing">${xml(reason)}</error>`,
    skipped: `<skipped message="${xml(reason)}"/>`,
    match: '',
  }[e.status];
  const out = [`source: ${e.source}`, ...e.expected.map((x) => `captured: ${x}`), ...e.actual.map((x) => `replayed: ${x}`)].join('\n');
  return `    <testcase name="${xml(`${e.exchange}. ${e.label}`)}" classname="replay.connection${connection}">${verdict}<system-out>${xml(out)}</system-out></testcase>`;
}
