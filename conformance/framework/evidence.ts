import { toHex } from '../../src/core/hex.ts';

/** One line of a case's evidence: bytes that crossed the interface, or a note. */
export interface EvidenceEntry {
  /** Milliseconds since the case started, on the run's clock. */
  readonly atMs: number;
  readonly kind: 'sent' | 'received' | 'note';
  /** Spaced hex for 'sent' and 'received'. */
  readonly bytes?: string;
  readonly text?: string;
  /** For a 'received' answer: the response latency, from the end of sending the command. */
  readonly latencyMs?: number;
}

/** Collects what a case exchanged with its target, so every verdict carries its bytes. */
export class Evidence {
  private readonly list: EvidenceEntry[] = [];

  constructor(private readonly elapsed: () => number) {}

  sent(bytes: Uint8Array, text?: string): void {
    this.push({ kind: 'sent', bytes: toHex(bytes), ...(text ? { text } : {}) });
  }

  received(bytes: Uint8Array, text?: string): void {
    this.push({ kind: 'received', bytes: toHex(bytes), ...(text ? { text } : {}) });
  }

  note(text: string): void {
    this.push({ kind: 'note', text });
  }

  /** Attaches a response latency to the last entry (the answer just recorded). */
  latency(ms: number): void {
    const last = this.list.at(-1);
    if (last) this.list[this.list.length - 1] = { ...last, latencyMs: ms };
  }

  get entries(): readonly EvidenceEntry[] {
    return this.list;
  }

  private push(entry: Omit<EvidenceEntry, 'atMs'>): void {
    this.list.push({ atMs: this.elapsed(), ...entry });
  }
}
