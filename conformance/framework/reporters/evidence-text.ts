import type { EvidenceEntry } from '../evidence.ts';

/** Evidence as transcript lines: "+12ms > 30 00 04", "+12ms < A2 13 10 91 (ACK)", "+13ms # power off". */
export function evidenceLines(entries: readonly EvidenceEntry[]): string[] {
  return entries.map((e) => {
    const arrow = e.kind === 'sent' ? '>' : e.kind === 'received' ? '<' : '#';
    const body = e.kind === 'note' ? (e.text ?? '') : `${e.bytes || '(no bytes)'}${e.text ? `  (${e.text})` : ''}`;
    return `+${Math.round(e.atMs)}ms ${arrow} ${body}`;
  });
}
