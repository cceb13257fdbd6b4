import type { SuiteReport } from '../framework/report.ts';
import { formatMs } from './link.ts';

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

/**
 * A Markdown section naming, per target, the clauses of the cases that were not applicable: a PASS
 * certificate of a real reader says nothing about card movement, and this line says so.
 */
export function notVerifiedSection(report: SuiteReport): string {
  const targets = [...new Set(report.results.map((r) => r.target))];
  const lines = targets.flatMap((target) => {
    const skipped = report.results.filter((r) => r.target === target && r.verdict === 'not-applicable');
    if (skipped.length === 0) return [];
    return [`- **${cell(target)}** — not verified on this unit: ${skipped.map((r) => `${r.id} (${cell(r.clause)}; ${cell(r.reason ?? '')})`).join('; ')}`];
  });
  if (lines.length === 0) return '';
  return ['', '## Not verified', '', 'Clauses whose cases were not applicable to the target: the verdict above does not cover them.', '', ...lines, ''].join('\n');
}

/** count, median and max of the response latencies of one kind of command, per target. */
interface LatencyRow {
  readonly target: string;
  readonly command: string;
  readonly values: number[];
}

/**
 * A Markdown section with the response latency of every answer, per target and command: how many,
 * the median and the slowest. The command is the label of the message sent before the answer.
 */
export function latencySection(report: SuiteReport): string {
  const rows = new Map<string, LatencyRow>();
  for (const result of report.results) {
    let command = 'answer';
    for (const entry of result.evidence) {
      if (entry.kind === 'sent') command = (entry.text ?? 'command').split(',')[0]!;
      if (entry.kind !== 'received' || entry.latencyMs === undefined) continue;
      const key = `${result.target}\u0000${command}`;
      const row = rows.get(key) ?? { target: result.target, command, values: [] };
      row.values.push(entry.latencyMs);
      rows.set(key, row);
    }
  }
  if (rows.size === 0) return '';
  const lines = [...rows.values()].map(({ target, command, values }) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `| ${cell(target)} | ${cell(command)} | ${sorted.length} | ${formatMs(median(sorted))} | ${formatMs(sorted.at(-1)!)} |`;
  });
  const intro = 'From the end of sending a command to its final answer, on the run\'s latency clock.';
  return ['', '## Response latency', '', intro, '', '| Target | Command | Count | Median | Max |', '|---|---|---|---|---|', ...lines, ''].join('\n');
}

function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
