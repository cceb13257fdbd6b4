import { errorMessage } from '../../core/errors.ts';
import { BankConnection } from '../client/bank-connection.ts';
import type { CapturedExchange } from '../capture/exchanges.ts';
import { singleBody } from '../codec/frame-message.ts';
import { encodeFrame } from '../codec/frame.ts';
import type { CaptureItem } from '../capture/model.ts';
import type { Profile } from '../profile/types.ts';
import type { AssignedValues } from './assigned-values.ts';
import { compareAnswers } from './compare.ts';
import { ExchangeOutcome } from './outcome.ts';
import type { ConnectionPlan } from './plan.ts';
import { receive } from './receive.ts';
import type { ConnectionResult, ExchangeResult } from './types.ts';
import { missingNote, requestLabel, seconds, unpairedNote } from './wording.ts';

export interface ReplayTiming {
  /** How long to wait for each captured answer, ms. */
  readonly answerTimeoutMs: number;
  /** Added to the time the capture shows between the BOSS's last answer (or request) and its close, ms. */
  readonly closeMarginMs: number;
  /** The longest wait for a close the capture shows; a longer captured interval is not checked, ms. */
  readonly closeTimeoutMs: number;
  /** How long to watch, when a connection ends, for answers the capture does not have, ms. */
  readonly settleMs: number;
}

export interface ConnectionReplayOptions extends ReplayTiming {
  readonly host: string;
  readonly port: number;
  readonly profile: Profile;
  /** Answer fields not compared (`--ignore`). */
  readonly ignore: ReadonlySet<string>;
  /** Shared by every connection of the replay: a value assigned on one is sent back on another. */
  readonly assigned: AssignedValues;
}

/**
 * One captured connection replayed over a BankConnection, step by step as the replay's global
 * order calls it: open, each exchange (request sent as captured, its captured answers awaited and
 * compared), then its end (a close the capture shows the BOSS making is awaited, the bank's is made).
 */
export class ConnectionPlayer {
  private bank: BankConnection | undefined;
  private local: string | undefined;
  private readonly notes: string[];
  private readonly outcomes = new Map<CapturedExchange | undefined, ExchangeOutcome>();
  /** The outcome the next unasked answer belongs to: the last exchange played. */
  private previous: ExchangeOutcome | undefined;

  constructor(
    private readonly plan: ConnectionPlan,
    private readonly options: ConnectionReplayOptions,
  ) {
    const { connection } = plan;
    this.notes = [...connection.notes];
    if (plan.end.kind === 'unknown') this.notes.push(plan.end.note);
    for (const exchange of plan.exchanges) {
      const outcome = new ExchangeOutcome(connection.index, exchange.index, requestLabel(options.profile, exchange), (exchange.request ?? exchange.responses[0])?.source ?? '');
      if (exchange.unpaired !== undefined) {
        for (const answer of exchange.responses) outcome.expectedAnswer(answer.bytes);
        outcome.skip(unpairedNote(exchange));
      }
      this.outcomes.set(exchange, outcome);
    }
    // a connection without requests (refused by the allow-list, say) is still one thing to check
    if (plan.exchanges.length === 0) {
      const outcome = new ExchangeOutcome(connection.index, 0, '(connection without requests)', '');
      if (plan.end.kind === 'unknown') outcome.skip('nothing was sent and the capture does not show who closed: nothing to check');
      this.outcomes.set(undefined, outcome);
    }
    this.previous = this.outcomes.get(undefined);
  }

  async open(): Promise<void> {
    try {
      this.bank = await BankConnection.open({ host: this.options.host, port: this.options.port, profile: this.options.profile, timeoutMs: this.options.answerTimeoutMs });
      // read now: once closed, the socket no longer knows its local address
      this.local = this.bank.localAddress;
    } catch (error) {
      for (const outcome of this.outcomes.values()) outcome.missing(`cannot connect: ${errorMessage(error)}`);
    }
  }

  /** Sends the exchange's request and waits for its answers (or one answer when none is captured). */
  async play(exchange: CapturedExchange): Promise<void> {
    const outcome = this.outcomeOf(exchange);
    const request = exchange.request;
    const bank = this.bank;
    if (!request || !bank) return;
    await this.takeExtras();
    this.previous = outcome;
    const bytes = this.prepare(request, outcome);
    for (const answer of exchange.responses) outcome.expectedAnswer(answer.bytes);
    try {
      await bank.write(bytes);
    } catch (error) {
      const why = `the request could not be sent: ${errorMessage(error)}`;
      if (exchange.responses.length > 0) outcome.missing(why);
      else outcome.differ([], why);
      return;
    }
    if (exchange.responses.length === 0) return this.unanswered(exchange, outcome);
    const where = `exchange ${this.plan.connection.index}.${exchange.index}`;
    for (const [i, answer] of exchange.responses.entries()) {
      if (!(await this.checkAnswer(answer, outcome, { index: i, count: exchange.responses.length, where }))) break;
    }
  }

  /** The connection's end, once its last exchange is played; runs beside the replay's later steps. */
  async end(): Promise<void> {
    const bank = this.bank;
    if (!bank) return;
    try {
      const end = this.plan.end;
      const outcome = this.previous;
      if (end.kind === 'bossCloses' && outcome) await this.expectClose(bank, outcome, end.how, end.capturedMs);
      if (!bank.closed) await this.watch(this.options.settleMs);
    } finally {
      await bank.close().catch(() => undefined);
    }
  }

  result(): { connection: ConnectionResult; exchanges: ExchangeResult[] } {
    const { connection } = this.plan;
    return {
      connection: { index: connection.index, label: connection.label, peer: connection.peer, notes: this.notes, ...(this.local ? { local: this.local } : {}) },
      exchanges: [...this.outcomes.values()].map((o) => o.result()),
    };
  }

  private outcomeOf(exchange: CapturedExchange): ExchangeOutcome {
    const outcome = this.outcomes.get(exchange);
    if (!outcome) throw new Error(`exchange ${exchange.index} is not of connection ${this.plan.connection.index}`);
    return outcome;
  }

  /** The request as it goes out: captured bytes, with the BOSS-assigned values of this replay put in. */
  private prepare(request: CaptureItem, outcome: ExchangeOutcome): Uint8Array {
    if (!request.isFrame) return request.bytes;
    const rewritten = this.options.assigned.rewrite(request.bytes);
    outcome.substituted(rewritten.substitutions);
    if (rewritten.problem !== undefined) outcome.note(rewritten.problem);
    return rewritten.bytes;
  }

  /**
   * A request whose answer is not in the capture. The last one on a connection the BOSS closed is
   * judged by the close; any other is not judged, but in the middle of a connection one answer is
   * awaited anyway, so that it cannot arrive during a later request and keep the order strict.
   */
  private async unanswered(exchange: CapturedExchange, outcome: ExchangeOutcome): Promise<void> {
    const last = exchange === this.plan.lastRequest;
    const end = this.plan.end;
    if (last && end.kind === 'bossCloses') return outcome.note('no answer in the capture');
    if (last) return outcome.skip(end.kind === 'bankCloses' ? 'no answer in the capture: the bank closed first; not judged' : 'no answer in the capture and no close the BOSS made: not judged');
    outcome.skip('no answer in the capture (its answer was not captured): not judged');
    const bank = this.bank;
    if (!bank) return;
    const got = await receive(bank, this.options.answerTimeoutMs);
    if (got.kind === 'frame') outcome.actualAnswer(encodeFrame(this.options.profile.framing, got.body));
  }

  /**
   * Reads one answer (`index` of `count` captured for the exchange at `where`) and compares it; false
   * when none came (the rest are not awaited).
   */
  private async checkAnswer(answer: CaptureItem, outcome: ExchangeOutcome, at: { index: number; count: number; where: string }): Promise<boolean> {
    const bank = this.bank;
    if (!bank) return false;
    const got = await receive(bank, this.options.answerTimeoutMs);
    if (got.kind === 'closed' || got.kind === 'timeout') {
      outcome.missing(missingNote(got, at.index, at.count, this.options.answerTimeoutMs));
      return false;
    }
    const { profile } = this.options;
    if (!answer.isFrame) {
      // the capture holds bytes that are not a frame: the replay must fail to frame them too
      if (got.kind === 'garbage') return true;
      outcome.actualAnswer(encodeFrame(profile.framing, got.body));
      outcome.differ([{ field: '(frame)', expected: 'bytes that are not a frame', actual: 'a frame' }]);
      return true;
    }
    if (got.kind === 'garbage') {
      outcome.differ([{ field: '(frame)', expected: 'a frame', actual: got.message }]);
      return false;
    }
    outcome.actualAnswer(encodeFrame(profile.framing, got.body));
    const captured = singleBody(profile, answer.bytes);
    const comparison = compareAnswers(profile, captured, got.body, this.options.ignore);
    outcome.ignore(comparison.ignored);
    outcome.differ(comparison.differences);
    this.options.assigned.learn(captured, got.body, at.where);
    return true;
  }

  /**
   * Waits for the close the capture shows: as long as the capture shows between the BOSS's last
   * answer (or the request it left unanswered) and its close, plus the margin, at most
   * `closeTimeoutMs`; a longer captured interval is not checked.
   */
  private async expectClose(bank: BankConnection, outcome: ExchangeOutcome, how: string, capturedMs: number): Promise<void> {
    const { closeMarginMs, closeTimeoutMs, answerTimeoutMs } = this.options;
    const shows = `the capture shows the BOSS closing ${how}${capturedMs > 0 ? ` (${seconds(capturedMs)} later)` : ''}`;
    const waitMs = capturedMs + closeMarginMs;
    if (waitMs > closeTimeoutMs) {
      this.notes.push(`${shows}: longer than --close-timeout ${closeTimeoutMs} ms allows, so the close is not checked`);
      return;
    }
    if (waitMs > answerTimeoutMs) this.notes.push(`${shows}: waiting up to ${seconds(waitMs)} for that close`);
    const got = await receive(bank, waitMs);
    if (got.kind === 'closed') return;
    if (got.kind === 'timeout') return outcome.differ([{ field: '(close)', expected: 'closed', actual: 'open' }], `${shows}; the connection stayed open ${waitMs} ms`);
    outcome.extraAnswer(got.kind === 'frame' ? encodeFrame(this.options.profile.framing, got.body) : undefined, `${shows}; it sent this instead`);
  }

  /** Answers that arrived unasked before the next request belong to the exchange before it. */
  private async takeExtras(): Promise<void> {
    await this.watch(0);
  }

  private async watch(ms: number): Promise<void> {
    const bank = this.bank;
    const outcome = this.previous;
    if (!bank || !outcome) return;
    for (;;) {
      const got = await receive(bank, ms);
      if (got.kind === 'closed' || got.kind === 'timeout') return;
      outcome.extraAnswer(got.kind === 'frame' ? encodeFrame(this.options.profile.framing, got.body) : undefined, 'an answer the capture does not have');
      if (got.kind === 'garbage') return;
    }
  }
}
