import { type Clock, systemClock } from '../core/clock.ts';
import { errorMessage, InputError, StbpayError } from '../core/errors.ts';
import { hexByte } from '../core/hex.ts';
import type { ApduChannel } from './apdu.ts';
import {
  COMMAND_STATUS,
  FEATURE_LEVEL_MASK,
  FEATURE,
  ICC_STATUS,
  type IccStatus,
  PC_TO_RDR,
  type PcToRdrType,
  SLOT_ERROR,
} from './ccid/constants.ts';
import type { CcidClassDescriptor } from './ccid/descriptor.ts';
import { type CcidAnswer, encodeCcid } from './ccid/message.ts';
import { ReaderCommandError, ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from './errors.ts';
import { checkAnswer, decodeReaderAnswer, isStaleSeq, type SentCommand } from './host/answer-check.ts';
import { atrProtocol } from './host/atr-protocol.ts';
import { powerSelectSequence, type Voltage } from './host/power-select.ts';
import { slotChange } from './host/slot-change.ts';
import { slotErrorText } from './host/slot-error-text.ts';
import { exchangeT0, type T0GetResponseClass } from './host/t0-procedure.ts';
import type { CcidPort } from './transport/ccid-port.ts';

export type { Voltage } from './host/power-select.ts';

export interface CcidReaderOptions {
  /** Time for polling and waiting for a card; tests pass a VirtualClock. */
  readonly clock?: Clock;
  /** How long to wait for one answer. Default 3000 ms, libccid's DEFAULT_COM_READ_TIMEOUT. */
  readonly commandTimeoutMs?: number;
  /** GetSlotStatus polling period of waitForCard (also with an interrupt channel, listened to between polls). Default 400 ms, as pcscd polls. */
  readonly pollIntervalMs?: number;
  /** Stale answers (older bSeq) dropped per command before giving up. Default 10, as libccid; 0 = strict. */
  readonly staleAnswerLimit?: number;
  /** Time extensions accepted per command before giving up. Default 100 (our choice; CCID sets no limit). */
  readonly timeExtensionLimit?: number;
  /** CLA of the GET RESPONSE the host sends on a TPDU-level reader under T=0; default `command` (see T0GetResponseClass). */
  readonly t0GetResponseClass?: T0GetResponseClass;
}

/** A slot's state from RDR_to_PC_SlotStatus (CCID 1.1 §6.2.2). */
export interface SlotState {
  readonly iccStatus: IccStatus;
  readonly present: boolean;
  /** Present and powered. */
  readonly active: boolean;
  /** bClockStatus. */
  readonly clockStatus: number;
}

/** RDR_to_PC_Parameters (CCID 1.1 §6.2.3): bProtocolNum and abProtocolDataStructure. */
export interface SlotParameters {
  readonly protocol: number;
  readonly data: Uint8Array;
}

/** One waitForCard call: its deadline, and the time its interrupt waits took on the port's timer. */
interface SlotWait {
  readonly slot: number;
  readonly started: number;
  readonly timeoutMs: number;
  portWaitedMs: number;
}

interface Request {
  readonly type: PcToRdrType;
  readonly slot: number;
  readonly specific?: readonly [number, number, number];
  readonly data?: Uint8Array;
}

/**
 * The host side of a CCID reader over any CcidPort: one command at a time, bSeq counted mod 256 per
 * message, every answer checked against its command (CCID 1.1 §6.2), time extensions waited out,
 * failed commands turned into ReaderCommandError with bError.
 */
export class CcidReader {
  readonly slots: number;
  private seq = 0;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly commandTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly staleAnswerLimit: number;
  private readonly timeExtensionLimit: number;
  private readonly t0GetResponseClass: T0GetResponseClass;
  /** Per slot, the protocol the powered card runs (its ATR's, or the last SetParameters'): 0 or 1. */
  private readonly protocols = new Map<number, number>();

  private constructor(
    readonly port: CcidPort,
    options: CcidReaderOptions,
  ) {
    this.slots = port.descriptor.bMaxSlotIndex + 1;
    this.clock = options.clock ?? systemClock;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 3000;
    this.pollIntervalMs = options.pollIntervalMs ?? 400;
    this.staleAnswerLimit = options.staleAnswerLimit ?? 10;
    this.timeExtensionLimit = options.timeExtensionLimit ?? 100;
    this.t0GetResponseClass = options.t0GetResponseClass ?? 'command';
  }

  static async open(port: CcidPort, options: CcidReaderOptions = {}): Promise<CcidReader> {
    return new CcidReader(port, options);
  }

  get descriptor(): CcidClassDescriptor {
    return this.port.descriptor;
  }

  /** GetSlotStatus. "Card absent or mute" (bError FE) is a state here, not a failure, as in libccid. */
  async slotStatus(slot: number): Promise<SlotState> {
    const answer = await this.exchange({ type: PC_TO_RDR.GetSlotStatus, slot }, { acceptError: SLOT_ERROR.iccMute });
    return slotState(answer);
  }

  /**
   * Resolves when slot `slot` holds a card (or, with `present: false`, when it is empty). Polls
   * GetSlotStatus every pollIntervalMs; on a link with an interrupt channel it listens there between
   * polls, so a NotifySlotChange cuts the wait short. It never relies on the notification alone: a
   * serial GemPC Twin in the mode libccid sets reports card movement only "after the host command and
   * before the reader answer" (libccid src/ccid_serial.c OpenSerialByName), i.e. not while idle.
   */
  async waitForCard(slot: number, options: { timeoutMs: number; present?: boolean }): Promise<SlotState> {
    const wanted = options.present ?? true;
    const wait: SlotWait = { slot, started: this.clock.now(), timeoutMs: options.timeoutMs, portWaitedMs: 0 };
    for (;;) {
      const state = await this.slotStatus(slot);
      if (state.present === wanted) return state;
      await this.waitForSlotChange(wait, wanted);
    }
  }

  /**
   * Until a NotifySlotChange that may concern the slot, or one poll period; throws ReaderTimeoutError
   * at the deadline. Time spent in the port's own interrupt timer counts too: our clock (a
   * VirtualClock in tests) does not see it.
   */
  private async waitForSlotChange(wait: SlotWait, wanted: boolean): Promise<void> {
    const receiveInterrupt = this.port.receiveInterrupt?.bind(this.port);
    for (;;) {
      const elapsed = Math.max(this.clock.now() - wait.started, wait.portWaitedMs);
      const remaining = wait.timeoutMs - elapsed;
      if (remaining <= 0) {
        throw new ReaderTimeoutError(`slot ${wait.slot}: no card ${wanted ? 'inserted' : 'removed'} within ${wait.timeoutMs} ms`, wait.timeoutMs);
      }
      const period = Math.min(this.pollIntervalMs, remaining);
      if (!receiveInterrupt) {
        await this.clock.sleep(period);
        return;
      }
      const note = await linkCall(() => receiveInterrupt(period));
      if (note === undefined) {
        wait.portWaitedMs = elapsed + period;
        return; // nothing announced: poll anyway
      }
      // A change of another slot only: keep listening (CCID 1.1 §6.3.1, two bits per slot).
      if (slotChange(note, wait.slot)?.changed !== false) return;
    }
  }

  /** IccPowerOn; returns the ATR (abData of the DataBlock). See powerSelectSequence for `auto`. */
  async powerOn(slot: number, voltage: Voltage = 'auto'): Promise<Uint8Array> {
    const sequence = powerSelectSequence(this.descriptor, voltage);
    for (let i = 0; ; i += 1) {
      try {
        const answer = await this.exchange({ type: PC_TO_RDR.IccPowerOn, slot, specific: [sequence[i]!, 0, 0] });
        this.protocols.set(slot, atrProtocol(answer.data));
        return answer.data;
      } catch (error) {
        if (!(error instanceof ReaderCommandError) || i + 1 >= sequence.length) throw error;
      }
    }
  }

  async powerOff(slot: number): Promise<SlotState> {
    this.protocols.delete(slot);
    return slotState(await this.exchange({ type: PC_TO_RDR.IccPowerOff, slot }));
  }

  /**
   * Sends a command APDU in XfrBlock and returns the response APDU. On a TPDU-level reader with a
   * T=0 card the host runs the T=0 procedures (61 xx, 6C xx; see exchangeT0); APDU-level readers do
   * that themselves. A T=1 card (its ATR's TD1, or SetParameters) gets the APDU as it is: the host
   * has no T=1 block layer, so on a real TPDU-level reader a T=1 card needs one (the emulated
   * reader carries APDUs to a CPU card; docs/reader/emulator.md "CPU cards").
   */
  async transmit(slot: number, apdu: Uint8Array): Promise<Uint8Array> {
    const xfr = async (block: Uint8Array): Promise<Uint8Array> =>
      (await this.exchange({ type: PC_TO_RDR.XfrBlock, slot, data: block })).data;
    if ((this.descriptor.dwFeatures & FEATURE_LEVEL_MASK) !== FEATURE.levelTpdu || this.protocols.get(slot) === 1) return xfr(apdu);
    return exchangeT0(apdu, xfr, this.t0GetResponseClass);
  }

  /** PC_to_RDR_Escape: vendor data in, the reader's answer data out. */
  async escape(data: Uint8Array, slot = 0): Promise<Uint8Array> {
    return (await this.exchange({ type: PC_TO_RDR.Escape, slot, data })).data;
  }

  async getParameters(slot: number): Promise<SlotParameters> {
    return slotParameters(await this.exchange({ type: PC_TO_RDR.GetParameters, slot }));
  }

  /** SetParameters with bProtocolNum (0 = T=0, 1 = T=1) and abProtocolDataStructure (5 or 7 bytes, §6.1.7). */
  async setParameters(slot: number, protocol: number, data: Uint8Array): Promise<SlotParameters> {
    const parameters = slotParameters(await this.exchange({ type: PC_TO_RDR.SetParameters, slot, specific: [protocol, 0, 0], data }));
    this.protocols.set(slot, parameters.protocol);
    return parameters;
  }

  async resetParameters(slot: number): Promise<SlotParameters> {
    return slotParameters(await this.exchange({ type: PC_TO_RDR.ResetParameters, slot }));
  }

  /**
   * CCID 1.1 §5.3.1: the ABORT class request on the control pipe, then PC_to_RDR_Abort with the same
   * bSlot and bSeq. Queued behind the command in flight, if any: use it to resynchronise after a
   * timeout. A late answer to the aborted command is dropped as stale.
   */
  async abort(slot: number): Promise<SlotState> {
    const answer = await this.exchange({ type: PC_TO_RDR.Abort, slot }, {
      beforeSend: async (seq) => {
        await this.port.controlAbort?.(slot, seq);
      },
    });
    return slotState(answer);
  }

  /** The APDU channel of one slot, for code written against ApduChannel (memory-card operations). */
  channel(slot: number): ApduChannel {
    this.checkSlot(slot);
    return { transmit: (apdu) => this.transmit(slot, apdu) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.port.close();
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots) {
      throw new InputError('slot', `slot ${slot} does not exist: the reader has ${this.slots} slot(s), 0..${this.slots - 1}`);
    }
  }

  /** One command and its answer, after every command before it (one message at a time on the link). */
  private exchange(
    request: Request,
    options: { acceptError?: number; beforeSend?: (seq: number) => Promise<void> } = {},
  ): Promise<CcidAnswer> {
    this.checkSlot(request.slot);
    const run = async (): Promise<CcidAnswer> => {
      if (this.closed) throw new ReaderLinkError('the reader is closed');
      const sent: SentCommand = { type: request.type, slot: request.slot, seq: this.seq };
      this.seq = (this.seq + 1) % 256;
      const bytes = encodeCcid({ type: sent.type, slot: sent.slot, seq: sent.seq, specific: request.specific ?? [0, 0, 0], data: request.data ?? new Uint8Array(0) });
      await linkCall(async () => {
        await options.beforeSend?.(sent.seq);
        await this.port.send(bytes);
      });
      const { answer, bytes: answerBytes } = await this.awaitAnswer(sent);
      if (answer.commandStatus === COMMAND_STATUS.failed && answer.error !== options.acceptError) {
        throw new ReaderCommandError(
          `command ${hexByte(sent.type)} on slot ${sent.slot} failed: bError ${slotErrorText(answer.error)}`,
          answer.error,
          answer.iccStatus,
          answerBytes,
        );
      }
      return answer;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async awaitAnswer(sent: SentCommand): Promise<{ answer: CcidAnswer; bytes: Uint8Array }> {
    let timeoutMs = this.commandTimeoutMs;
    let stale = 0;
    let extensions = 0;
    for (;;) {
      const bytes = await this.receive(sent, timeoutMs);
      const answer = decodeReaderAnswer(bytes);
      if (answer.seq !== sent.seq && isStaleSeq(answer.seq, sent.seq)) {
        stale += 1;
        if (stale <= this.staleAnswerLimit) continue;
        throw new ReaderProtocolError(`more than ${this.staleAnswerLimit} stale answers before the one to bSeq ${hexByte(sent.seq)}`, bytes);
      }
      checkAnswer(answer, sent, bytes);
      if (answer.commandStatus !== COMMAND_STATUS.timeExtension) return { answer, bytes };
      // CCID 1.1 §6.2.6: bError of a time extension is the BWT/WWT multiplier; libccid multiplies its wait by it.
      extensions += 1;
      if (extensions > this.timeExtensionLimit) {
        throw new ReaderTimeoutError(`command ${hexByte(sent.type)}: more than ${this.timeExtensionLimit} time extensions`, timeoutMs);
      }
      timeoutMs = this.commandTimeoutMs * Math.max(1, answer.error);
    }
  }

  private async receive(sent: SentCommand, timeoutMs: number): Promise<Uint8Array> {
    try {
      return await linkCall(() => this.port.receive(timeoutMs));
    } catch (error) {
      if (error instanceof ReaderTimeoutError) {
        throw new ReaderTimeoutError(
          `command ${hexByte(sent.type)} (slot ${sent.slot}, bSeq ${hexByte(sent.seq)}): no answer within ${timeoutMs} ms`,
          timeoutMs,
        );
      }
      throw error;
    }
  }
}

/** Port calls: our own errors pass; anything else (a driver's exception) means the link broke. */
async function linkCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StbpayError) throw error;
    throw new ReaderLinkError(`reader link failed: ${errorMessage(error)}`, { cause: error });
  }
}

function slotState(answer: CcidAnswer): SlotState {
  return {
    iccStatus: answer.iccStatus,
    present: answer.iccStatus !== ICC_STATUS.absent,
    active: answer.iccStatus === ICC_STATUS.presentActive,
    clockStatus: answer.specific[2],
  };
}

function slotParameters(answer: CcidAnswer): SlotParameters {
  return { protocol: answer.specific[2], data: answer.data };
}
