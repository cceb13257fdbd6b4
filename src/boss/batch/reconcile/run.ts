import type { Clock } from '../../../core/clock.ts';
import type { Profile } from '../../profile/types.ts';
import type { BatchLedger, EntryKind, NewException } from '../ledger.ts';
import { collectBankLines } from './bank-lines.ts';
import { reconcile, type ReconcileSink, type ReconTotals } from './engine.ts';
import { ReportWriter, reportPathFor } from './report.ts';

/** Records handed to the report and the ledger per chunk. */
const CHUNK = 1000;

export interface ReconcileFileInput {
  readonly profile: Profile;
  readonly ledger: BatchLedger;
  readonly bankcode: string;
  /** `XJMX` or `DKMX`. */
  readonly layout: string;
  readonly kind: EntryKind;
  readonly date: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: Uint8Array;
  readonly reportsDir: string;
  readonly clock: Clock;
}

export interface ReconcileFileResult {
  readonly runId: string;
  readonly totals: ReconTotals;
  readonly reportPath: string;
}

/**
 * One detail file against the ledger: the file is read and checked first (a bad file throws before
 * anything is stored), then a run is begun, the engine merges, and every non-matched record goes
 * to the report and, as an open exception, to the ledger. Nothing else changes: decisions are
 * taken later, by a person. [bank-interface §7: nothing is changed automatically]
 */
export async function reconcileFile(input: ReconcileFileInput): Promise<ReconcileFileResult> {
  const { lines } = collectBankLines(input.profile, input.layout, input.bytes, input.fileName);
  const { ledger, clock } = input;
  const runId = await ledger.beginReconciliation({
    bankcode: input.bankcode,
    date: input.date,
    kind: input.kind,
    fileName: input.fileName,
    sha256: input.sha256,
    startedAt: clock.now(),
  });
  const report = await ReportWriter.open(reportPathFor(input.reportsDir, input.bankcode, input.fileName, input.sha256));
  try {
    let chunk: NewException[] = [];
    const sink: ReconcileSink = {
      add: (record) => void chunk.push(record),
      get full() {
        return chunk.length >= CHUNK;
      },
      async flush() {
        if (chunk.length === 0) return;
        const records = chunk;
        chunk = [];
        await report.append(records);
        await ledger.addExceptions(runId, records);
      },
    };
    const totals = await reconcile(lines, ledger.entries(input.bankcode, input.date, input.kind), sink);
    const reportPath = await report.finish(
      {
        bankcode: input.bankcode,
        date: input.date,
        kind: input.kind,
        file: { name: input.fileName, sha256: input.sha256, lines: lines.size },
        runId,
        generatedAt: new Date(clock.now()).toISOString(),
      },
      totals,
    );
    return { runId, totals, reportPath };
  } catch (error) {
    await report.abort();
    throw error;
  }
}
