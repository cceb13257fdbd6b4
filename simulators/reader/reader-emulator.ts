import { VirtualClock, type Clock } from '../../src/core/clock.ts';
import { InputError } from '../../src/core/errors.ts';
import type { CardType } from '../../src/cards/card-type.ts';
import type { EmulatedCard, NewCardOptions } from '../cards/common/emulated-card.ts';
import { cardDefinition } from '../cards/registry.ts';
import { answerTimes, type TimedAnswer } from './ccid/answer-times.ts';
import { CcidHandler } from './ccid-handler.ts';
import { FaultPlan, type ReaderFaults } from './faults.ts';
import type { FirmwareDefinition } from './firmware/card-firmware.ts';
import { firmwareFor } from './firmware/index.ts';
import { DEFAULT_READER_PROFILE, type ReaderProfile } from './profiles.ts';
import { SlotChangeNotifier } from './slot-change.ts';
import { cardLabel, type SlotCard } from './contacts/index.ts';
import { CardSlot, type EmulatedSlot } from './slot.ts';
import { configurationDescriptor, deviceDescriptor } from './usb-descriptors.ts';

export type { EmulatedSlot, SlotCard, SlotCardKind } from './slot.ts';
export type { TimedAnswer } from './ccid/answer-times.ts';

export interface ReaderEmulatorOptions {
  /** The reader model to impersonate; the ACR39U by default. */
  profile?: ReaderProfile;
  /**
   * Clock of the fault delays and of the firmware's waits for a card's self-timed write cycles; a
   * VirtualClock (no real waiting) by default. Cards with their timing model on must run on this
   * clock too: create them with `createCard`, or pass `clock: emulator.clock` to their definition.
   */
  clock?: Clock;
  /** The reader firmware for each card type; the registry's `firmwareFor` by default. */
  firmware?: (type: CardType) => FirmwareDefinition;
}

/**
 * A USB CCID smart-card reader with 1 or 2 slots for emulated memory or CPU cards, speaking CCID 1.1
 * messages (`handle`), interrupt notifications (`onInterrupt`) and the ABORT class request
 * (`controlAbort`), with the descriptors, quirks and faults of a real reader model. Transports wrap
 * it: inProcessPort (a CcidPort), emulatedUsbDevice (a WebUSB USBDevice), the serial frontend.
 */
export class ReaderEmulator {
  readonly profile: ReaderProfile;
  readonly slots: readonly EmulatedSlot[];
  readonly faults: ReaderFaults;
  /** The clock fault delays run on; transports judge answer latency on it. */
  readonly clock: Clock;
  private readonly cardSlots: readonly CardSlot[];
  private readonly faultPlan: FaultPlan;
  private readonly notifier: SlotChangeNotifier;
  private readonly ccid: CcidHandler;

  constructor(options: ReaderEmulatorOptions = {}) {
    this.profile = options.profile ?? DEFAULT_READER_PROFILE;
    const firmware = options.firmware ?? firmwareFor;
    this.clock = options.clock ?? new VirtualClock();
    this.cardSlots = Array.from({ length: this.profile.slots }, (_, index) => new CardSlot(index, firmware, this.clock));
    this.slots = this.cardSlots;
    this.faultPlan = new FaultPlan(this.clock);
    this.faults = this.faultPlan;
    this.notifier = new SlotChangeNotifier(this.profile.slots, (slot) => this.cardSlots[slot]?.card !== undefined);
    this.ccid = new CcidHandler(this.profile, this.cardSlots, this.faultPlan);
  }

  /** A factory-fresh emulated card whose write cycles run on this reader's clock, ready to insert. */
  createCard(type: CardType, options: NewCardOptions = {}): EmulatedCard {
    return cardDefinition(type).create({ clock: this.clock, ...options });
  }

  /**
   * Puts `card` into an empty slot; the reader reports it with NotifySlotChange (CCID §6.3.1). A
   * memory card (EmulatedCard) is driven by the firmware for its type; a CPU card (CpuCard) gets the
   * host's APDUs itself, and its ATR is reported as the card gives it.
   */
  insert(slot: number, card: SlotCard): void {
    const target = this.slotAt(slot);
    if (target.card) throw new InputError('slot', `slot ${slot} already holds a ${cardLabel(target.card)}; remove it first`);
    target.insert(card);
    this.ccid.cardMoved(slot);
    this.notifyUnlessUnplugged(slot);
  }

  /** Takes the card out of `slot` (it loses power); NotifySlotChange when there was one. */
  remove(slot: number): SlotCard | undefined {
    const card = this.slotAt(slot).remove();
    if (card) {
      this.ccid.cardMoved(slot);
      this.notifyUnlessUnplugged(slot);
    }
    return card;
  }

  /** One PC_to_RDR message in, the RDR_to_PC messages it produces out (time extensions first). */
  handle(message: Uint8Array): Promise<Uint8Array[]> {
    return this.ccid.handle(message);
  }

  /**
   * `handle`, with the emulator-clock time each answer leaves the reader (ccid/answer-times.ts): time
   * extensions while the card works, the final answer when the command is done. Transports use this
   * to judge latency. It goes through `handle`, so whatever wraps `handle` (a test mutant) still acts.
   */
  async handleTimed(message: Uint8Array): Promise<TimedAnswer[]> {
    const sentAt = this.clock.now();
    const answers = await this.handle(message);
    return answerTimes(answers, sentAt, this.clock.now(), this.profile.timeExtensionAfterMs);
  }

  /** Interrupt-IN messages (NotifySlotChange 50 ...); returns an unsubscribe function. */
  onInterrupt(listener: (message: Uint8Array) => void): () => void {
    this.faultPlan.assertPlugged('interrupt subscription');
    return this.notifier.subscribe(listener);
  }

  /** Class request ABORT (CCID §5.3.1) on the control pipe. */
  controlAbort(slot: number, seq: number): void {
    this.ccid.controlAbort(slot, seq);
  }

  /** USB descriptors as a real device returns them to GET_DESCRIPTOR. */
  deviceDescriptor(): Uint8Array {
    return deviceDescriptor(this.profile);
  }

  configurationDescriptor(): Uint8Array {
    return configurationDescriptor(this.profile);
  }

  private slotAt(slot: number): CardSlot {
    const target = this.cardSlots[slot];
    if (!target) throw new InputError('slot', `the ${this.profile.label} has slots 0..${this.cardSlots.length - 1}, not ${slot}`);
    return target;
  }

  /** An unplugged reader tells nobody; its changes are lost with it. */
  private notifyUnlessUnplugged(slot: number): void {
    if (!this.faultPlan.unplugged) this.notifier.markChanged(slot);
  }
}
