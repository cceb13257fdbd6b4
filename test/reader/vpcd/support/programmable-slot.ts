import { CardMuteError } from '../../../../src/cards/synchronous-card.ts';
import type { VpcdSlot, VpcdSlotSource } from '../../../../simulators/reader/vpcd/slot.ts';

/**
 * A slot whose card answers what the test programs, and which counts power cycles: enough to check
 * the vpcd protocol without the reader emulator.
 */
export class ProgrammableSlot implements VpcdSlot {
  card: object | undefined;
  powered = false;
  powerOns = 0;
  readonly commands: Uint8Array[] = [];
  /** Set to make the card mute (CardMuteError) on the next command. */
  mute = false;

  constructor(
    readonly index: number,
    /** The ATR, or the ATR of the n-th power-on (1, 2, ...), to tell one power-up from another. */
    private readonly atr: Uint8Array | ((powerOn: number) => Uint8Array),
    private readonly answer: (apdu: Uint8Array) => Uint8Array,
  ) {}

  async powerOn(): Promise<Uint8Array> {
    if (!this.card) throw new CardMuteError('no card in the slot');
    this.powered = true;
    this.powerOns++;
    return typeof this.atr === 'function' ? this.atr(this.powerOns) : this.atr;
  }

  async powerOff(): Promise<void> {
    this.powered = false;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.card || !this.powered || this.mute) throw new CardMuteError('card not powered');
    this.commands.push(apdu);
    return this.answer(apdu);
  }
}

export class ProgrammableReader implements VpcdSlotSource {
  private readonly listeners = new Set<(message: Uint8Array) => void>();

  constructor(readonly slots: readonly ProgrammableSlot[]) {}

  onInterrupt(listener: (message: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  insert(slot: number, card: object = {}): void {
    this.slots[slot]!.card = card;
    this.notify();
  }

  remove(slot: number): void {
    const target = this.slots[slot]!;
    target.card = undefined;
    target.powered = false;
    this.notify();
  }

  private notify(): void {
    // NotifySlotChange (CCID 1.1 §6.3.1); the bridge only uses it as a hint to look again.
    for (const listener of this.listeners) listener(Uint8Array.of(0x50, 0x03));
  }
}
