import type { BossMessage } from '../../src/boss/codec/message.ts';
import { escapedText } from '../../src/boss/codec/readable.ts';
import { toHex } from '../../src/core/hex.ts';
import type { BankTransaction } from './emulator.ts';
import type { LoadReport } from './load/types.ts';
import type { FileOutcome, WireOutcome } from './personas/types.ts';

/** A decoded message's header and fields, one line each: `RESPCODE 0000`, `BILLS[0] BILLMONTH 202610 ...`. */
export function messageLines(message: BossMessage): string[] {
  const lines = [`TXCODE ${message.txcode}`, ...Object.entries(message.header).map(([k, v]) => `${k} ${v}`), ...Object.entries(message.fields).map(([k, v]) => `${k} ${v}`)];
  for (const [group, records] of Object.entries(message.groups)) {
    records.forEach((r, i) => lines.push(`${group}[${i}] ${Object.entries(r).map(([k, v]) => `${k} ${v}`).join('  ')}`));
  }
  return lines;
}

export function renderTransaction(tx: BankTransaction): string {
  return [`> ${escapedText(tx.requestFrame)}`, `< ${escapedText(tx.answerFrame)}`, ...messageLines(tx.answer).map((l) => `  ${l}`)].join('\n') + '\n';
}

export function renderWireOutcome(outcome: WireOutcome): string {
  const lines = [`persona ${outcome.persona}`];
  outcome.written.forEach((w, i) => lines.push(`> [${i}] ${w.length} bytes: ${escapedText(w)}`));
  outcome.answers.forEach((a, i) => lines.push(`< [${i}] ${escapedText(a)}`));
  if (outcome.answers.length === 0) lines.push('< (no answer)');
  lines.push(`BOSS closed the connection: ${outcome.peerClosed ? 'yes' : 'no'}`);
  for (const [k, v] of Object.entries(outcome.findings)) lines.push(`${k}: ${String(v)}`);
  return lines.join('\n') + '\n';
}

export function renderFileOutcome(outcome: FileOutcome): string {
  const lines = [`persona ${outcome.persona}`, ...outcome.steps.map((s) => `put ${s.path} (${s.bytes.length} bytes) at ${new Date(s.at).toISOString()}`)];
  for (const [k, v] of Object.entries(outcome.findings)) lines.push(`${k}: ${String(v)}`);
  return lines.join('\n') + '\n';
}

const ms = (n: number): string => n.toFixed(2);

export function renderLoadReport(report: LoadReport): string {
  const l = report.latency;
  const lines = [
    `load: ${report.connections} connection(s) to ${report.target} as ${report.bankcode}, seed ${report.seed}, serial prefix ${report.serialPrefix}`,
    `attempts ${report.attempts}, sent ${report.sent}, answered ${report.answered} in ${(report.elapsedMs / 1000).toFixed(2)} s: ${report.throughputPerSecond.toFixed(1)} answers/s, ${report.connects} connect(s)`,
    `latency ms: p50 ${ms(l.p50Ms)}  p90 ${ms(l.p90Ms)}  p99 ${ms(l.p99Ms)}  max ${ms(l.maxMs)}  (min ${ms(l.minMs)}, mean ${ms(l.meanMs)})`,
    `response codes: ${codes(report.respCodes)}`,
  ];
  for (const [txcode, t] of Object.entries(report.byTxcode)) {
    lines.push(`  ${txcode}: sent ${t.sent}, answered ${t.answered} (${codes(t.respCodes)}), p50 ${ms(t.latency.p50Ms)} p99 ${ms(t.latency.p99Ms)} ms`);
  }
  const kinds = Object.entries(report.errors.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`errors: ${report.errors.total}${kinds ? ` (${kinds})` : ''}`);
  for (const e of report.errors.first.slice(0, 5)) lines.push(`  at ${e.atMs} ms, connection ${e.connection}: ${e.kind}: ${e.message}`);
  lines.push(`committed (answered 0000): ${report.committed.length}, unanswered: ${report.unanswered.length}`);
  return lines.join('\n') + '\n';
}

function codes(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([c, n]) => `${c} ×${n}`).join(', ');
}

/** JSON.stringify with byte arrays as spaced hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v), 2) + '\n';
}
