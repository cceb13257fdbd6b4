import { BossDecodeError } from '../../src/boss/codec/errors.ts';
import { encodeFrame } from '../../src/boss/codec/frame.ts';
import { decodeResponse, encodeRequest, type BossMessage } from '../../src/boss/codec/message.ts';
import { BankConnection, BankConnectionError } from '../../src/boss/client/bank-connection.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { fail, inconclusive } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import { escapedText } from '../../src/boss/codec/readable.ts';
import type { BossTarget } from './target.ts';
import { formatHostPort } from '../../src/core/host-port.ts';

/** One answer frame from the BOSS, decoded by the profile. */
export interface BossAnswer {
  readonly body: Uint8Array;
  readonly message: BossMessage;
  /** From the end of sending the request to the answer, ms. */
  readonly latencyMs: number;
}

/**
 * One bank-side TCP connection of a case (a BankConnection) that writes every frame sent and
 * received into the case's evidence as text and hex, and turns what goes wrong on the wire into
 * a verdict: no answer within the §1 limit, an answer that does not decode, an early close.
 */
export class BossLink {
  private constructor(
    private readonly connection: BankConnection,
    private readonly target: BossTarget,
    private readonly evidence: Evidence,
    readonly name: string,
  ) {}

  static async open(target: BossTarget, evidence: Evidence, name: string): Promise<BossLink> {
    try {
      const connection = await BankConnection.open({ host: target.host, port: target.port, profile: target.profile, timeoutMs: target.timeouts.answerMs + 1_000 });
      evidence.note(`${name}: connected from ${connection.localAddress} to ${formatHostPort(target.host, target.port)}`);
      return new BossLink(connection, target, evidence, name);
    } catch (error) {
      return inconclusive(`cannot connect to the BOSS at ${formatHostPort(target.host, target.port)}: ${errorMessage(error)}`);
    }
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  /** Sends one request (encoded by the profile) and returns its answer. */
  async send(request: BossMessage, label: string): Promise<BossAnswer> {
    return this.sendBody(encodeRequest(this.target.profile, request), label);
  }

  /** Sends one body, length prefix added here, and returns its answer. */
  async sendBody(body: Uint8Array, label: string): Promise<BossAnswer> {
    await this.write(encodeFrame(this.target.profile.framing, body), label);
    return this.answer(label);
  }

  /** Writes bytes exactly as given (part of a frame, a bad prefix, ...). */
  async write(bytes: Uint8Array, label: string): Promise<void> {
    this.evidence.sent(bytes, `${this.name} ${label}: ${escapedText(bytes)}`);
    try {
      await this.connection.write(bytes);
    } catch (error) {
      fail(`${this.name}: the BOSS closed the connection before ${label} was sent (${errorMessage(error)})`);
    }
  }

  /** The next answer; fails when none comes within the §1 answer time or the connection closes. */
  async answer(label: string): Promise<BossAnswer> {
    const answer = await this.answerOrClose(label);
    if (!answer) fail(`${this.name}: the BOSS closed the connection without answering ${label}`);
    return answer;
  }

  /** The next answer, or undefined when the BOSS closes the connection instead. [§1: answers within 5 s] */
  async answerOrClose(label: string, waitMs = this.target.timeouts.answerMs + 1_000): Promise<BossAnswer | undefined> {
    const sentAt = this.target.clock.now();
    let body: Uint8Array | undefined;
    try {
      body = await this.connection.nextFrame(waitMs);
    } catch (error) {
      if (error instanceof BankConnectionError && error.reason === 'timeout') {
        fail(`${this.name}: no answer to ${label} within ${waitMs} ms [bank-interface §1: the server answers within ${this.target.timeouts.answerMs / 1000} s]`);
      }
      fail(`${this.name}: the answer to ${label} cannot be read: ${errorMessage(error)}`);
    }
    const latencyMs = this.target.clock.now() - sentAt;
    if (body === undefined) {
      this.evidence.note(`${this.name}: closed by the BOSS`);
      return undefined;
    }
    const frame = encodeFrame({ ...this.target.profile.framing, maxBody: Number.MAX_SAFE_INTEGER }, body);
    this.evidence.received(frame, `${this.name} answer to ${label}: ${escapedText(frame)}`);
    this.evidence.latency(latencyMs);
    if (latencyMs > this.target.timeouts.answerMs) {
      fail(`${this.name}: the answer to ${label} took ${latencyMs} ms [bank-interface §1: the server answers within ${this.target.timeouts.answerMs / 1000} s]`);
    }
    return { body, message: decodeAnswer(this.target, body, label), latencyMs };
  }

  /** Resolves once the BOSS has closed the connection; fails if it is still open after `withinMs`. */
  async expectClosed(withinMs: number, why: string): Promise<number> {
    const started = this.target.clock.now();
    try {
      for (;;) {
        const remaining = withinMs - (this.target.clock.now() - started);
        if (remaining <= 0) throw new BankConnectionError('timeout', 'still open');
        const body = await this.connection.nextFrame(remaining);
        if (body === undefined) break;
        const frame = encodeFrame({ ...this.target.profile.framing, maxBody: Number.MAX_SAFE_INTEGER }, body);
        this.evidence.received(frame, `${this.name} unexpected answer: ${escapedText(frame)}`);
        fail(`${this.name}: the BOSS sent a frame where it should close the connection (${why})`);
      }
    } catch (error) {
      if (error instanceof BankConnectionError && error.reason === 'timeout') fail(`${this.name}: the connection is still open ${withinMs} ms later (${why})`);
      if (error instanceof BankConnectionError && error.reason === 'framing') fail(`${this.name}: the BOSS sent bytes that are not a frame where it should close (${why})`);
      throw error;
    }
    const after = this.target.clock.now() - started;
    this.evidence.note(`${this.name}: closed by the BOSS after ${after} ms`);
    return after;
  }

  async close(): Promise<void> {
    await this.connection.close({ abort: true }).catch(() => undefined);
  }
}

/** Decodes an answer body; one that does not fit the profile fails the case, naming the field. */
function decodeAnswer(target: BossTarget, body: Uint8Array, label: string): BossMessage {
  try {
    return decodeResponse(target.profile, body);
  } catch (error) {
    const message = errorMessage(error);
    const { respCodeField, fieldsOnlyWhen } = target.profile.response;
    if (error instanceof BossDecodeError && error.field.startsWith('(extra after') && error.partial.header[respCodeField] !== fieldsOnlyWhen) {
      fail(`answer to ${label} has fields after the header although ${respCodeField} is ${error.partial.header[respCodeField]}, not ${fieldsOnlyWhen} [bank-interface §3]: ${message}`);
    }
    return fail(`answer to ${label} does not fit the profile ${target.profile.profile} [bank-interface §3, §4]: ${message}`);
  }
}
