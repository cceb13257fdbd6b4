import type { Clock } from '../../src/core/clock.ts';
import { DecodeError } from '../../src/core/errors.ts';
import { hexByte } from '../../src/core/hex.ts';
import type { CcidClassDescriptor } from '../../src/reader/ccid/descriptor.ts';
import { CCID_HEADER_LENGTH, COMMAND_STATUS, PC_TO_RDR } from '../../src/reader/ccid/constants.ts';
import { decodeAnswer, encodeCcid, type CcidAnswer } from '../../src/reader/ccid/message.ts';
import { ReaderTimeoutError } from '../../src/reader/errors.ts';
import type { CcidPort } from '../../src/reader/transport/ccid-port.ts';
import { fail } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import { messageName, type CcidRequest } from './ccid-commands.ts';
import { RedactingRecorder } from './redaction.ts';
import type { SequenceCounter } from './target.ts';

/** One command and the answer that ended it (time extensions before it are in the evidence). */
export interface CcidExchange {
  readonly request: Uint8Array;
  readonly answer: CcidAnswer;
  /** The answer as received. */
  readonly raw: Uint8Array;
  /** From the end of `send` to the final answer, on the target's clock. */
  readonly latencyMs: number;
  /** Time extensions (bmCommandStatus 2) the reader sent first. [CCID 1.1 §6.2.6] */
  readonly timeExtensions: number;
}

/**
 * The suite's own strict CCID host: sends one message at a time through the port and writes every
 * message sent and received to the case's evidence, each answer with its response latency. Unlike
 * the production `CcidReader` it forgives nothing: what the reader sent is what the case checks.
 */
export class RecordingCcidLink {
  constructor(
    private readonly port: CcidPort,
    private readonly evidence: Evidence,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly recorder: RedactingRecorder = new RedactingRecorder(evidence),
    /** Shared with the other sessions on the same port (real hardware); a fresh link starts at 0. */
    private readonly sequence: SequenceCounter = { next: 0 },
  ) {}

  private get seq(): number {
    return this.sequence.next;
  }

  private set seq(value: number) {
    this.sequence.next = value;
  }

  /** The class descriptor the port read from the device (USB) or knows from the reader model (serial). */
  get descriptor(): CcidClassDescriptor {
    return this.port.descriptor;
  }

  /** The ABORT class request on the control pipe (CCID §5.3.1), recorded as a note. */
  async controlAbort(slot: number, seq: number): Promise<void> {
    if (!this.port.controlAbort) fail('the port has no control pipe, but the target claims one');
    this.evidence.note(`control request ABORT (bRequest 01), wValue: slot ${slot}, seq ${seq}`);
    await this.port.controlAbort(slot, seq);
  }

  /** The bSeq the next `exchange` without an explicit one uses. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Sends `request` with the next bSeq (or `seq`) and returns the reader's final answer. */
  async exchange(request: CcidRequest, seq?: number): Promise<CcidExchange> {
    const useSeq = seq ?? this.seq;
    this.seq = (useSeq + 1) & 0xff;
    const bytes = encodeCcid({
      type: request.type,
      slot: request.slot,
      seq: useSeq,
      specific: request.specific ?? [0, 0, 0],
      data: request.data ?? new Uint8Array(0),
    });
    return this.exchangeRaw(bytes, `${messageName(request.type)}, slot ${request.slot}, seq ${useSeq}`);
  }

  /** Sends bytes as they are (a deliberately malformed message) and returns the final answer. */
  async exchangeRaw(bytes: Uint8Array, label: string): Promise<CcidExchange> {
    this.seq = ((bytes[6] ?? this.seq) + 1) & 0xff;
    this.recorder.sent(bytes, label);
    await this.port.send(bytes);
    const started = this.clock.now();
    let timeExtensions = 0;
    for (;;) {
      const raw = await this.receive(label);
      const latencyMs = this.clock.now() - started;
      const answer = this.decode(raw, latencyMs);
      if (answer.commandStatus !== COMMAND_STATUS.timeExtension) {
        return { request: bytes, answer, raw, latencyMs, timeExtensions };
      }
      timeExtensions++;
    }
  }

  /** The next interrupt-IN message within `timeoutMs`, recorded with its latency from the call. */
  async interrupt(timeoutMs: number, label: string): Promise<Uint8Array | undefined> {
    if (!this.port.receiveInterrupt) fail('the port has no interrupt channel, but the target claims one');
    const started = this.clock.now();
    const message = await this.port.receiveInterrupt(timeoutMs);
    const waited = this.clock.now() - started;
    if (message) this.evidence.received(message, `interrupt: ${messageName(message[0] ?? -1)} (${label}), ${formatMs(waited)} after asking`);
    else this.evidence.note(`no interrupt message within ${timeoutMs} ms (${label})`);
    return message;
  }

  /**
   * Reads and records every bulk-IN message already waiting (or arriving within `waitMs`): the late
   * answer to a command of an earlier case on the same port, which the next exchange would
   * otherwise take for its own. Returns how many there were.
   */
  async drainBulk(waitMs: number, why: string): Promise<number> {
    let drained = 0;
    for (;;) {
      let raw: Uint8Array;
      try {
        raw = await this.port.receive(drained === 0 ? waitMs : 0);
      } catch (error) {
        if (error instanceof ReaderTimeoutError) return drained;
        throw error;
      }
      drained++;
      this.recordHeaderOnly(raw, `drained (${why}): ${describeRaw(raw)}, not an answer to this case`);
    }
  }

  /**
   * Brings the link back in step after a malformed message: drains what is waiting, then
   * GetSlotStatus until an answer echoes its bSeq (a few tries). Records, never fails the case.
   */
  async resync(slot: number): Promise<boolean> {
    this.evidence.note('resynchronising the link (drain bulk IN, then GetSlotStatus)');
    await this.drainBulk(0, 'resync');
    for (let attempt = 0; attempt < 3; attempt++) {
      const seq = this.seq;
      const bytes = encodeCcid({ type: PC_TO_RDR.GetSlotStatus, slot, seq, specific: [0, 0, 0], data: new Uint8Array(0) });
      this.seq = (seq + 1) & 0xff;
      this.recorder.sent(bytes, `${messageName(PC_TO_RDR.GetSlotStatus)}, slot ${slot}, seq ${seq} (resync)`);
      await this.port.send(bytes);
      try {
        const raw = await this.port.receive(this.timeoutMs);
        this.recordHeaderOnly(raw, `resync: ${describeRaw(raw)}`);
        if (raw[6] === seq) return true;
        await this.drainBulk(0, 'resync');
      } catch (error) {
        if (!(error instanceof ReaderTimeoutError)) throw error;
        this.evidence.note(`resync: no answer within ${this.timeoutMs} ms`);
      }
    }
    return false;
  }

  /**
   * Records a message that answers no command of this case by its header only: nobody knows what it
   * answered, and a late answer to a counter read may carry a code (redaction.ts).
   */
  private recordHeaderOnly(raw: Uint8Array, label: string): void {
    const dataBytes = raw.length - CCID_HEADER_LENGTH;
    this.evidence.received(raw.slice(0, CCID_HEADER_LENGTH), dataBytes > 0 ? `${label}; its ${dataBytes} data bytes are not recorded` : label);
  }

  /** Empties the interrupt queue without recording (notifications from setting up the session). */
  async drainInterrupts(): Promise<void> {
    if (!this.port.receiveInterrupt) return;
    while ((await this.port.receiveInterrupt(0)) !== undefined);
  }

  private async receive(label: string): Promise<Uint8Array> {
    try {
      return await this.port.receive(this.timeoutMs);
    } catch (error) {
      if (error instanceof ReaderTimeoutError) {
        this.evidence.note(`no answer within ${this.timeoutMs} ms`);
        fail(`the reader did not answer ${label} within ${this.timeoutMs} ms`);
      }
      throw error;
    }
  }

  private decode(raw: Uint8Array, latencyMs: number): CcidAnswer {
    try {
      const answer = decodeAnswer(raw);
      const label = `${messageName(answer.type)}, slot ${answer.slot}, seq ${answer.seq}, ${statusText(answer)}, latency ${formatMs(latencyMs)}`;
      this.recorder.received(raw, CCID_HEADER_LENGTH, label);
      this.evidence.latency(latencyMs);
      return answer;
    } catch (error) {
      this.evidence.received(raw, `latency ${formatMs(latencyMs)}`);
      this.evidence.latency(latencyMs);
      if (error instanceof DecodeError) fail(`the answer is not a well-formed RDR_to_PC message (CCID 1.1 §6.2): ${error.message}`);
      throw error;
    }
  }
}

/** bmCommandStatus in words, with bError when the command failed. [CCID 1.1 §6.2.6] */
export function statusText(answer: CcidAnswer): string {
  if (answer.commandStatus === COMMAND_STATUS.timeExtension) return 'time extension';
  if (answer.commandStatus === COMMAND_STATUS.failed) return `failed, bError ${hexByte(answer.error)}`;
  return 'ok';
}

/** A bulk-IN message for the evidence: its header decoded when it decodes, else its length. */
function describeRaw(raw: Uint8Array): string {
  try {
    const answer = decodeAnswer(raw);
    return `${messageName(answer.type)}, slot ${answer.slot}, seq ${answer.seq}, ${statusText(answer)}`;
  } catch {
    return `${raw.length} bytes that are no RDR_to_PC message`;
  }
}

export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
}
