import { readableText } from '../codec/readable.ts';
import type { ExchangeResult, ExchangeStatus, FieldDifference, Substitution } from './types.ts';

/** An exchange's result while it is being replayed; `result()` freezes it. */
export class ExchangeOutcome {
  private status: ExchangeStatus = 'match';
  private readonly differences: FieldDifference[] = [];
  private readonly ignored: string[] = [];
  private readonly expected: string[] = [];
  private readonly actual: string[] = [];
  private readonly notes: string[] = [];
  private readonly substitutions: Substitution[] = [];
  private extra = 0;

  constructor(
    private readonly connection: number,
    private readonly exchange: number,
    private readonly label: string,
    private readonly source: string,
  ) {}

  get skipped(): boolean {
    return this.status === 'skipped';
  }

  expectedAnswer(frame: Uint8Array): void {
    this.expected.push(readableText(frame));
  }

  actualAnswer(frame: Uint8Array): void {
    this.actual.push(readableText(frame));
  }

  differ(differences: readonly FieldDifference[], note?: string): void {
    if (differences.length === 0 && note === undefined) return;
    if (this.skipped) {
      if (note !== undefined) this.notes.push(note);
      return;
    }
    this.differences.push(...differences);
    if (note !== undefined) this.notes.push(note);
    if (this.status === 'match') this.status = 'differ';
  }

  ignore(fields: readonly string[]): void {
    this.ignored.push(...fields);
  }

  missing(note: string): void {
    this.notes.push(note);
    if (!this.skipped) this.status = 'missing';
  }

  /** Nothing of this exchange is judged; `note` says why. */
  skip(note: string): void {
    this.notes.push(note);
    this.status = 'skipped';
  }

  /** An answer nobody asked for arrived after this exchange; shown but not counted when it is skipped. */
  extraAnswer(frame: Uint8Array | undefined, note: string): void {
    if (frame) this.actualAnswer(frame);
    if (this.skipped) {
      this.notes.push(`${frame ? 'an answer' : 'bytes that are not a frame'} came (not judged)`);
      return;
    }
    this.extra++;
    this.differ([{ field: '(extra answer)', actual: frame ? readableText(frame) : 'bytes that are not a frame' }], note);
  }

  substituted(substitutions: readonly Substitution[]): void {
    this.substitutions.push(...substitutions);
    for (const s of substitutions) this.notes.push(`${s.field} sent as ${s.replayed} for the captured ${s.captured} (the ${s.assignedIn})`);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  result(): ExchangeResult {
    return {
      connection: this.connection,
      exchange: this.exchange,
      label: this.label,
      source: this.source,
      status: this.status,
      differences: this.differences,
      ignored: this.ignored,
      expected: this.expected,
      actual: this.actual,
      extraAnswers: this.extra,
      ...(this.substitutions.length > 0 ? { substitutions: this.substitutions } : {}),
      ...(this.notes.length > 0 ? { note: this.notes.join('; ') } : {}),
    };
  }
}
