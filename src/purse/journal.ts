import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { InputError } from '../core/errors.ts';

/**
 * Where a purchase stands. `debiting` is written, durably, before DEBIT FOR PURCHASE is sent: a
 * terminal that loses power with a purchase `debiting` asks the card at start-up, through GET
 * TRANSACTION PROVE, whether the debit happened, and never sends that DEBIT again.
 */
export type PurchaseState = 'debiting' | 'debited' | 'not-debited';

export interface PurchaseEntry {
  readonly id: string;
  readonly state: PurchaseState;
  readonly issuer: string;
  /** The card's dispersion factor (its application serial number), hex: which card this is. */
  readonly cardFactor: string;
  /** Fen. */
  readonly amount: number;
  readonly balanceBefore: number;
  /** The offline transaction seq INITIALIZE returned: the key of GET TRANSACTION PROVE. */
  readonly offlineSeq: number;
  /** Hex, as the PSAM gave it. */
  readonly terminalSeq: string;
  /** YYYYMMDDhhmmss. */
  readonly dateTime: string;
  /** Hex, once known. */
  readonly tac?: string;
  readonly mac2?: string;
  /** The PSAM checked MAC2 (false when it was recovered after the PSAM's session was lost). */
  readonly mac2Verified?: boolean;
}

/** The terminal's record of purchases, which must survive its power loss. */
export interface PurchaseJournal {
  /** Writes the entry (replacing the one of its id) and resolves once it is durable. */
  record(entry: PurchaseEntry): Promise<void>;
  /** The entries still `debiting`, oldest first. */
  pending(): Promise<PurchaseEntry[]>;
  entry(id: string): Promise<PurchaseEntry | undefined>;
}

/** A journal in memory: for tests, and for a terminal that accepts losing it. */
export class MemoryJournal implements PurchaseJournal {
  protected readonly entries = new Map<string, PurchaseEntry>();

  async record(entry: PurchaseEntry): Promise<void> {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
  }

  async pending(): Promise<PurchaseEntry[]> {
    return [...this.entries.values()].filter((e) => e.state === 'debiting');
  }

  async entry(id: string): Promise<PurchaseEntry | undefined> {
    return this.entries.get(id);
  }
}

/**
 * A journal in a JSON-lines file: every record is appended and fsynced before `record` resolves; on
 * opening, the last line of each id wins. A last line without its newline (a write cut by a power
 * loss, never confirmed) is cut off; a bad line before it is an error naming the line.
 */
export class FileJournal extends MemoryJournal {
  constructor(readonly path: string) {
    super();
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n');
    let good = 0;
    for (const [index, line] of lines.entries()) {
      const last = index === lines.length - 1;
      if (line.trim() !== '') {
        let entry: PurchaseEntry;
        try {
          entry = JSON.parse(line) as PurchaseEntry;
        } catch {
          // the tail of a write cut by a power loss: never confirmed to anyone. It goes, so that the
          // next record starts on a line of its own.
          if (last) break;
          throw new InputError(path, `line ${index + 1} of the purchase journal is not JSON`);
        }
        if (last) break; // whole JSON without its newline: the fsync did not finish either
        this.entries.delete(entry.id);
        this.entries.set(entry.id, entry);
      }
      if (!last) good += Buffer.byteLength(line, 'utf8') + 1;
    }
    if (good < Buffer.byteLength(text, 'utf8')) truncateSync(path, good);
  }

  override async record(entry: PurchaseEntry): Promise<void> {
    const fd = openSync(this.path, 'a');
    try {
      appendFileSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await super.record(entry);
  }
}
