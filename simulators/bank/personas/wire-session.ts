import type { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { decodeResponse, encodeRequest, type BossMessage } from '../../../src/boss/codec/message.ts';
import { errorMessage } from '../../../src/core/errors.ts';
import type { BankEmulator } from '../emulator.ts';
import type { WireOutcome, WirePersonaOptions } from './types.ts';

export const DEFAULT_CUSTOMER = 'C00012345';
export const DEFAULT_AMOUNT = 4500;
export const DEFAULT_WAIT_MS = 3_000;

/**
 * One persona's own connection, recording every write and every answer frame, and never throwing
 * for what a misbehaving bank expects to happen (a refused write, no answer, a close).
 */
export class WireSession {
  readonly written: Uint8Array[] = [];
  readonly answers: Uint8Array[] = [];
  /** The first write or read that failed, as text. */
  problem: string | undefined;

  private constructor(
    readonly emulator: BankEmulator,
    readonly connection: BankConnection,
    readonly waitMs: number,
  ) {}

  static async open(emulator: BankEmulator, options: WirePersonaOptions): Promise<WireSession> {
    const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
    return new WireSession(emulator, await emulator.openConnection(waitMs), waitMs);
  }

  /** Writes bytes as they are; false when the connection refused them (the BOSS had closed). */
  async write(bytes: Uint8Array): Promise<boolean> {
    this.written.push(Uint8Array.from(bytes));
    try {
      await this.connection.write(bytes);
      return true;
    } catch (error) {
      this.problem ??= `write: ${errorMessage(error)}`;
      return false;
    }
  }

  /** The next answer frame, or undefined when none came within the wait (or the BOSS closed). */
  async read(): Promise<Uint8Array | undefined> {
    try {
      const body = await this.connection.nextFrame(this.waitMs);
      if (body === undefined) return undefined;
      const frame = encodeFrame(this.emulator.profile.framing, body);
      this.answers.push(frame);
      return frame;
    } catch (error) {
      this.problem ??= `read: ${errorMessage(error)}`;
      return undefined;
    }
  }

  /** Whether the BOSS closes the connection within the wait. */
  async closedByPeer(): Promise<boolean> {
    return this.connection.waitClosed(this.waitMs).then(
      () => true,
      () => false,
    );
  }

  /** A request's whole frame, as the codec encodes it. */
  frameOf(request: BossMessage): Uint8Array {
    return encodeFrame(this.emulator.profile.framing, encodeRequest(this.emulator.profile, request));
  }

  decode(frame: Uint8Array | undefined): BossMessage | undefined {
    if (frame === undefined) return undefined;
    try {
      return decodeResponse(this.emulator.profile, frame.subarray(this.emulator.profile.framing.lengthDigits));
    } catch {
      return undefined;
    }
  }

  outcome(persona: string, peerClosed: boolean, findings: Record<string, string | number | boolean> = {}): WireOutcome {
    return {
      persona,
      written: this.written,
      answers: this.answers,
      decoded: this.answers.map((a) => this.decode(a)),
      peerClosed,
      findings: this.problem === undefined ? findings : { ...findings, problem: this.problem },
    };
  }

  /** Sends a request whole, waits for its answer and books both: a bank's ordinary exchange. */
  async exchange(request: BossMessage): Promise<{ frame: Uint8Array; answer: Uint8Array | undefined }> {
    const frame = this.frameOf(request);
    await this.write(frame);
    const answer = await this.read();
    this.book(request, frame, answer);
    return { frame, answer };
  }

  /** Books a request this persona sent whole, with its answer if one came. */
  book(request: BossMessage, frame: Uint8Array, answer: Uint8Array | undefined): void {
    const decoded = this.decode(answer);
    const at = this.emulator.clock.now();
    if (answer === undefined || decoded === undefined) this.emulator.books.record({ request, requestFrame: frame, outcome: 'unanswered', at });
    else this.emulator.books.record({ request, requestFrame: frame, outcome: 'answered', answer: decoded, answerFrame: answer, at });
  }

  async close(options: { abort?: boolean } = {}): Promise<void> {
    await this.connection.close(options).catch(() => undefined);
  }
}

/** A 1002 cash payment of the persona's customer and amount, with a fresh serial. */
export function paymentRequest(emulator: BankEmulator, options: WirePersonaOptions): BossMessage {
  return emulator.requests.build('1002', { CUSTNO: options.customer ?? DEFAULT_CUSTOMER, AMOUNT: String(options.amount ?? DEFAULT_AMOUNT), PAYTYPE: '1' });
}

/** A 1001 query of the persona's customer, with a fresh serial. */
export function queryRequest(emulator: BankEmulator, options: WirePersonaOptions): BossMessage {
  return emulator.requests.build('1001', { CUSTNO: options.customer ?? DEFAULT_CUSTOMER });
}

/** The RESPCODE of a decoded answer, or `-` when there is none. */
export function respCodeOf(answer: BossMessage | undefined): string {
  return answer?.header.RESPCODE ?? '-';
}
