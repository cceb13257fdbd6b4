import type { ExchangeResult, ReplayReport } from '../types.ts';

const MARK: Readonly<Record<ExchangeResult['status'], string>> = { match: 'match ', differ: 'DIFFER', missing: 'MISSING', skipped: 'skip  ' };

/** Plain text: one line per exchange, the differing fields under it, then the summary. */
export function renderConsole(report: ReplayReport): string {
  const lines = [`replay ${report.capture} (${report.captureFormat}) → ${report.target}, profile ${report.profile}`];
  for (const note of report.notes) lines.push(`  note: ${note}`);
  for (const connection of report.connections) {
    lines.push(`connection #${connection.index} ${connection.label}${connection.local ? `, replayed from ${connection.local}` : ''}`);
    for (const note of connection.notes) lines.push(`  note: ${note}`);
    for (const exchange of report.exchanges.filter((e) => e.connection === connection.index)) lines.push(...exchangeLines(exchange));
  }
  const s = report.summary;
  if (report.problem !== undefined) lines.push(`problem: ${report.problem}`);
  lines.push(
    `summary: ${s.exchanges} exchanges on ${s.connections} connections, ${s.matched} matched, ${s.differed} differed, ` +
      `${s.missingAnswers} missing answers, ${s.extraAnswers} extra answers, ${s.skipped} skipped (${report.durationMs} ms)`,
  );
  return `${lines.join('\n')}\n`;
}

function exchangeLines(exchange: ExchangeResult): string[] {
  const lines = [`  ${MARK[exchange.status]} ${exchange.exchange}. ${exchange.label}${exchange.source ? ` [${exchange.source}]` : ''}`];
  for (const d of exchange.differences) lines.push(`      ${d.field}: expected ${shown(d.expected)}, got ${shown(d.actual)}`);
  if (exchange.note !== undefined && exchange.status !== 'match') lines.push(`      ${exchange.note}`);
  if (exchange.status !== 'match') {
    for (const e of exchange.expected) lines.push(`      captured: ${e}`);
    for (const a of exchange.actual) lines.push(`      replayed: ${a}`);
  }
  return lines;
}

function shown(value: string | undefined): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
