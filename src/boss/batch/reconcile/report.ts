import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EntryKind, NewException } from '../ledger.ts';
import type { ReconTotals } from './engine.ts';

/**
 * The reconciliation report: one JSON document per run, in a BOSS-side directory (never a bank's
 * home). The totals come first, then every non-matched record in BANKSERIAL order. Records are
 * streamed to a side file while the engine runs and joined behind the totals at the end, so a run
 * with a million exceptions never holds them in memory. Format: docs/boss/files.md.
 */
export const REPORT_FORMAT = 'stbpay-boss-reconciliation/1';

export interface ReportHead {
  readonly bankcode: string;
  readonly date: string;
  readonly kind: EntryKind;
  readonly file: { readonly name: string; readonly sha256: string; readonly lines: number };
  readonly runId: string;
  /** ISO 8601, from the injected clock. */
  readonly generatedAt: string;
}

/** Where a run's report goes: `<reportsDir>/<BANKCODE>/<file name without .TXT>-<sha256 first 12>.json`. */
export function reportPathFor(reportsDir: string, bankcode: string, fileName: string, sha256: string): string {
  return join(reportsDir, bankcode, `${fileName.replace(/\.[^.]*$/, '')}-${sha256.slice(0, 12)}.json`);
}

/** One record as the report shows it: which fields differ, then both sides. */
export function reportRecord(record: NewException): Record<string, unknown> {
  const differs: string[] = [];
  if (record.bank && record.boss) {
    if (record.bank.custno !== record.boss.custno) differs.push('custno');
    if (record.bank.amount !== record.boss.amount) differs.push('amount');
  }
  return {
    category: record.category,
    bankSerial: record.bankSerial,
    ...(record.category === 'differs' ? { differs } : {}),
    bank: record.bank ? { line: record.bank.line, custno: record.bank.custno, amount: record.bank.amount } : null,
    boss: record.boss ? { bossSerial: record.boss.bossSerial, custno: record.boss.custno, amount: record.boss.amount } : null,
  };
}

export class ReportWriter {
  private records = 0;

  private constructor(
    readonly path: string,
    private readonly side: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(path: string): Promise<ReportWriter> {
    await mkdir(dirname(path), { recursive: true });
    const side = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.records`);
    const stream = createWriteStream(side, { flags: 'w' });
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return new ReportWriter(path, side, stream);
  }

  /** Appends records; resolves when the stream has taken them (backpressure). */
  async append(records: readonly NewException[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const record of records) {
      text += `${this.records === 0 ? '' : ',\n'}    ${JSON.stringify(reportRecord(record))}`;
      this.records++;
    }
    await new Promise<void>((resolve, reject) => this.stream.write(text, (error) => (error ? reject(error) : resolve())));
  }

  /** Writes the report (head, totals, records) under a temporary name and renames it into place. */
  async finish(head: ReportHead, totals: ReconTotals): Promise<string> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const document = JSON.stringify({ format: REPORT_FORMAT, ...head, totals }, null, 2);
    const temp = `${this.side}.json`;
    const out = createWriteStream(temp, { flags: 'w' });
    try {
      await write(out, `${document.slice(0, document.lastIndexOf('}')).trimEnd()},\n  "records": [${this.records === 0 ? '' : '\n'}`);
      for await (const chunk of createReadStream(this.side)) await write(out, chunk as Buffer);
      await write(out, `${this.records === 0 ? '' : '\n  '}]\n}\n`);
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const handle = await open(temp, 'r');
      await handle.sync();
      await handle.close();
      await rename(temp, this.path);
    } finally {
      out.destroy();
      await rm(temp, { force: true });
      await rm(this.side, { force: true });
    }
    return this.path;
  }

  /** Drops the partial report (the run failed). */
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.side, { force: true });
  }
}

function write(stream: WriteStream, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (error) => (error ? reject(error) : resolve())));
}
