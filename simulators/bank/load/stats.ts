import { LatencyHistogram } from '../../../src/core/latency-histogram.ts';
import type { CommittedRequest, LoadErrorKind, LoadErrorSample, TxcodeReport, UnansweredRequest } from './types.ts';

const FIRST_ERRORS = 20;

/** Counts of one TXCODE. */
class TxcodeStats {
  sent = 0;
  answered = 0;
  readonly respCodes: Record<string, number> = {};
  readonly latency = new LatencyHistogram();

  report(): TxcodeReport {
    return { sent: this.sent, answered: this.answered, respCodes: { ...this.respCodes }, latency: this.latency.summary() };
  }
}

/** What a load run has seen so far; all connections write here (one thread: no locking). */
export class LoadStats {
  attempts = 0;
  sent = 0;
  answered = 0;
  connects = 0;
  readonly respCodes: Record<string, number> = {};
  readonly byTxcode = new Map<string, TxcodeStats>();
  readonly errorsByKind: Record<string, number> = {};
  readonly firstErrors: LoadErrorSample[] = [];
  readonly committed: CommittedRequest[] = [];
  readonly unanswered: UnansweredRequest[] = [];
  errorCount = 0;

  constructor(private readonly startedAt: number) {}

  txcode(txcode: string): TxcodeStats {
    let stats = this.byTxcode.get(txcode);
    if (!stats) this.byTxcode.set(txcode, (stats = new TxcodeStats()));
    return stats;
  }

  answer(txcode: string, respCode: string, latencyMs: number): void {
    this.answered++;
    this.respCodes[respCode] = (this.respCodes[respCode] ?? 0) + 1;
    const stats = this.txcode(txcode);
    stats.answered++;
    stats.respCodes[respCode] = (stats.respCodes[respCode] ?? 0) + 1;
    stats.latency.record(latencyMs);
  }

  error(kind: LoadErrorKind, message: string, connection: number, now: number): void {
    this.errorCount++;
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
    if (this.firstErrors.length < FIRST_ERRORS) this.firstErrors.push({ kind, message, connection, atMs: Math.round(now - this.startedAt) });
  }

  /** Every TXCODE's latencies together. */
  overallLatency(): LatencyHistogram {
    const all = new LatencyHistogram();
    for (const stats of this.byTxcode.values()) all.merge(stats.latency);
    return all;
  }
}
