import { appendFileSync, closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../core/errors.ts';

/**
 * Where a purse transaction stands. `sent` is written, durably, before the command that moves the
 * money (DEBIT FOR PURCHASE, CREDIT FOR LOAD) is sent: a terminal that lost its answer, or its power,
 * asks the card through GET TRANSACTION PROVE whether it happened (`done`) or not (`not-done`), and
 * never sends that command again.
 */
export type PurseEntryState = 'sent' | 'done' | 'not-done';

export interface PurseEntry {
  readonly id: string;
  readonly kind: 'purchase' | 'load';
  readonly state: PurseEntryState;
  readonly issuer: string;
  /** The card's dispersion factors (its application serial number first, then any issuer or city level), hex: with the issuer, which card this is. */
  readonly cardFactors: string;
  /** The transaction type byte (psam_hsm.md §1.4): 06/05 purchase, 02/01 load; what GET TRANSACTION PROVE and the log name it by. */
  readonly type: number;
  /** Fen. */
  readonly amount: number;
  readonly balanceBefore: number;
  /** The sequence number INITIALIZE returned (offline for a purchase, online for a load): the key of GET TRANSACTION PROVE. */
  readonly seq: number;
  /** The terminal number the transaction carries (the PSAM's for a purchase, the loading terminal's for a load), hex. */
  readonly terminal: string;
  /** Hex, as the PSAM gave it (purchases only). */
  readonly terminalSeq?: string;
  /** YYYYMMDDhhmmss: the terminal's (purchase) or the host's (load). */
  readonly dateTime: string;
  /** Hex, once known. */
  readonly tac?: string;
  readonly mac2?: string;
  /** Purchases: the PSAM checked MAC2 (false when it could not: recovered later, or the PSAM failed). */
  readonly mac2Verified?: boolean;
  /** Loads: the host checked the card's TAC. */
  readonly tacVerified?: boolean;
  /** Recovered purchases: the card no longer kept the proof, a PSAM recomputed the TAC. */
  readonly tacRecomputed?: boolean;
}

/** The terminal's record of purse transactions, which must survive its power loss. */
export interface PurseJournal {
  /** Writes the entry (replacing the one of its id) and resolves once it is durable. */
  record(entry: PurseEntry): Promise<void>;
  /** The entries still `sent`, oldest first. */
  pending(): Promise<PurseEntry[]>;
  entry(id: string): Promise<PurseEntry | undefined>;
}

/** A journal in memory: for tests, and for a terminal that accepts losing it. */
export class MemoryJournal implements PurseJournal {
  protected readonly entries = new Map<string, PurseEntry>();

  async record(entry: PurseEntry): Promise<void> {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
  }

  async pending(): Promise<PurseEntry[]> {
    return [...this.entries.values()].filter((e) => e.state === 'sent');
  }

  async entry(id: string): Promise<PurseEntry | undefined> {
    return this.entries.get(id);
  }
}

/**
 * A journal in a JSON-lines file: every record is appended and fsynced before `record` resolves; on
 * opening, the last line of each id wins. A last line without its newline (a write cut by a power
 * loss, never confirmed) is cut off; a bad line before it is an error naming the line. One process
 * owns the file: it keeps the length of its whole lines and cuts back to it before each append, so
 * a write that failed half-way (a full disk) never glues the next record onto a torn line.
 */
export class FileJournal extends MemoryJournal {
  /** Bytes of whole, confirmed lines. */
  private length = 0;

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
        let entry: PurseEntry;
        try {
          entry = JSON.parse(line) as PurseEntry;
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
    this.length = good;
    if (good < Buffer.byteLength(text, 'utf8')) {
      truncateSync(path, good);
      syncFile(path);
    }
  }

  override async record(entry: PurseEntry): Promise<void> {
    const created = !existsSync(this.path);
    const line = `${JSON.stringify(entry)}\n`;
    const fd = openSync(this.path, 'a');
    try {
      // what a failed write left after the last whole line goes first
      if (fstatSync(fd).size !== this.length) ftruncateSync(fd, this.length);
      appendFileSync(fd, line);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.length += Buffer.byteLength(line, 'utf8');
    // a new file is durable only once its directory entry is: fsync the directory too
    if (created) syncFile(dirname(this.path));
    await super.record(entry);
  }
}

/** fsync of a file or directory by path. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
