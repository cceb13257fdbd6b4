import { CCID_HEADER_LENGTH, ICC_STATUS, PC_TO_RDR, RDR_TO_PC, SLOT_ERROR } from '../../src/reader/ccid/constants.ts';
import { declaredLength, decodeCcid, type CcidMessage } from '../../src/reader/ccid/message.ts';
import { InputError } from '../../src/core/errors.ts';
import { ReaderLinkError } from '../../src/reader/errors.ts';
import { AbortHandshake } from './ccid/abort.ts';
import { answerTypeOf, failedAnswer, okAnswer, type Addressed } from './ccid/answers.ts';
import { iccStatusOf, type CommandHandler, type SlotProtocolState } from './ccid/command-context.ts';
import { escapeCommand } from './ccid/escape-command.ts';
import { getParameters, resetParameters, setParameters } from './ccid/parameter-commands.ts';
import { defaultParameters } from './ccid/parameters.ts';
import { getSlotStatus, iccPowerOff, iccPowerOn } from './ccid/power-commands.ts';
import { xfrBlock } from './ccid/xfr-block.ts';
import type { FaultPlan } from './faults.ts';
import type { ReaderProfile } from './profiles.ts';
import type { CardSlot } from './slot.ts';

/** The commands the emulated reader carries out; every other type fails with CMD_NOT_SUPPORTED. */
const COMMANDS: Readonly<Record<number, CommandHandler>> = {
  [PC_TO_RDR.IccPowerOn]: iccPowerOn,
  [PC_TO_RDR.IccPowerOff]: iccPowerOff,
  [PC_TO_RDR.GetSlotStatus]: getSlotStatus,
  [PC_TO_RDR.XfrBlock]: xfrBlock,
  [PC_TO_RDR.GetParameters]: getParameters,
  [PC_TO_RDR.ResetParameters]: resetParameters,
  [PC_TO_RDR.SetParameters]: setParameters,
  [PC_TO_RDR.Escape]: escapeCommand,
};

/** Per slot: protocol parameters, whether a command runs, and the abort handshake. */
interface SlotCcidState extends SlotProtocolState {
  busy: boolean;
  /** Settles when the running command has answered. */
  running: Promise<void>;
  readonly abort: AbortHandshake;
}

/**
 * The CCID message layer of the emulated reader (CCID 1.1 §6): checks each PC_to_RDR header, runs
 * the command against its slot and builds the RDR_to_PC answers, then lets the armed faults act.
 * Header checks, in byte order: dwLength (bError 01: not what follows the header, or longer than
 * dwMaxCCIDMessageLength), bSlot (05: above bMaxSlotIndex), then whether the slot may take a command
 * (FF while an abort is under way, E0 while busy). bSeq is echoed in every answer.
 */
export class CcidHandler {
  private readonly states: SlotCcidState[];

  constructor(
    private readonly profile: ReaderProfile,
    private readonly slots: readonly CardSlot[],
    private readonly faults: FaultPlan,
  ) {
    this.states = slots.map(() => ({ parameters: defaultParameters(), busy: false, running: Promise.resolve(), abort: new AbortHandshake() }));
    faults.onUnplug(() => {
      for (const state of this.states) state.abort.fail(new ReaderLinkError('the emulated reader was unplugged during an abort'));
    });
  }

  async handle(bytes: Uint8Array): Promise<Uint8Array[]> {
    this.faults.assertPlugged('PC_to_RDR message');
    return this.faults.apply(await this.answer(Uint8Array.from(bytes)));
  }

  /** The class request ABORT (§5.3.1) for `slot`, bSeq `seq`. Throws InputError for a slot the reader does not have. */
  controlAbort(slot: number, seq: number): void {
    this.faults.assertPlugged('ABORT control request');
    const state = this.states[slot];
    if (!state) throw new InputError('slot', `ABORT for slot ${slot}: the reader has slots 0..${this.states.length - 1}`);
    state.abort.control(seq & 0xff);
  }

  /** A card moved in or out of `slot`: its parameters go back to the defaults. */
  cardMoved(slot: number): void {
    const state = this.states[slot];
    if (state) state.parameters = defaultParameters();
  }

  private async answer(bytes: Uint8Array): Promise<Uint8Array[]> {
    const to: Addressed = { slot: bytes[5] ?? 0, seq: bytes[6] ?? 0 };
    const answerType = answerTypeOf(bytes[0] ?? 0);
    const slot = this.slots[to.slot];
    if (!this.lengthIsRight(bytes)) return [failedAnswer(answerType, to, iccStatusOf(slot), SLOT_ERROR.badLength)];
    const state = this.states[to.slot];
    if (!slot || !state) return [failedAnswer(answerType, to, ICC_STATUS.absent, SLOT_ERROR.badSlot)];
    const message = decodeCcid(bytes);
    if (message.type === PC_TO_RDR.Abort) return this.bulkAbort(message, slot, state);
    if (state.abort.aborting) return [failedAnswer(answerType, to, iccStatusOf(slot), SLOT_ERROR.cmdAborted)];
    if (this.isBusy(state)) return [failedAnswer(answerType, to, iccStatusOf(slot), SLOT_ERROR.cmdSlotBusy)];
    const command = COMMANDS[message.type];
    if (!command) return [failedAnswer(answerType, to, iccStatusOf(slot), SLOT_ERROR.commandNotSupported)];
    return this.run(command, message, slot, state);
  }

  /** dwLength must count the bytes after the header, and the message fit dwMaxCCIDMessageLength (§5.1, §6.1). */
  private lengthIsRight(bytes: Uint8Array): boolean {
    return (
      bytes.length >= CCID_HEADER_LENGTH &&
      declaredLength(bytes) === bytes.length - CCID_HEADER_LENGTH &&
      bytes.length <= this.profile.descriptor.dwMaxCCIDMessageLength
    );
  }

  /** Busy: this slot runs a command, or bMaxCCIDBusySlots slots already do (§5.1). */
  private isBusy(state: SlotCcidState): boolean {
    const busySlots = this.states.filter((s) => s.busy || s.abort.bulkWaiting).length;
    return state.busy || state.abort.bulkWaiting || busySlots >= this.profile.descriptor.bMaxCCIDBusySlots;
  }

  private async run(command: CommandHandler, message: CcidMessage, slot: CardSlot, state: SlotCcidState): Promise<Uint8Array[]> {
    const generation = state.abort.generation;
    let done = (): void => undefined;
    state.busy = true;
    state.running = new Promise((resolve) => (done = resolve));
    try {
      const answers = await command({ profile: this.profile, slot, state }, message);
      // An ABORT that came while the command ran turns its answer into CMD_ABORTED (§5.3.1): the
      // card finished its part, the host no longer wants the result.
      if (state.abort.generation !== generation) {
        return [failedAnswer(answerTypeOf(message.type), message, iccStatusOf(slot), SLOT_ERROR.cmdAborted)];
      }
      return answers;
    } finally {
      state.busy = false;
      done();
    }
  }

  /**
   * PC_to_RDR_Abort (§6.1.13) → RDR_to_PC_SlotStatus once the control request with the same bSeq
   * has come and the aborted command has answered.
   */
  private async bulkAbort(message: CcidMessage, slot: CardSlot, state: SlotCcidState): Promise<Uint8Array[]> {
    if (state.abort.bulkWaiting) return [failedAnswer(RDR_TO_PC.SlotStatus, message, iccStatusOf(slot), SLOT_ERROR.cmdSlotBusy)];
    await state.abort.bulk(message.seq);
    await state.running;
    return [okAnswer(RDR_TO_PC.SlotStatus, message, iccStatusOf(slot))];
  }
}
