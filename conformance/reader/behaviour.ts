import type { SuiteReport } from '../framework/report.ts';

/**
 * Evidence notes that start with this record a behaviour the suite accepts either way but the
 * certificate should state: SetParameters taken or refused, the error status words the reader chose.
 */
export const BEHAVIOUR = 'behaviour: ';

/**
 * A Markdown section listing every recorded behaviour by target and case: the framework's
 * certificate shows evidence only for cases that did not pass, and these passed.
 */
export function behaviourSection(report: SuiteReport): string {
  const rows = report.results.flatMap((r) =>
    r.evidence
      .filter((e) => e.kind === 'note' && e.text?.startsWith(BEHAVIOUR))
      .map((e) => `| ${cell(r.target)} | ${r.id} | ${cell(e.text!.slice(BEHAVIOUR.length))} |`),
  );
  if (rows.length === 0) return '';
  return ['', '## Recorded behaviour', '', 'Behaviour the clauses allow either way, as this reader showed it.', '', '| Target | Case | Behaviour |', '|---|---|---|', ...rows, ''].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
