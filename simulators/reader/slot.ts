import type { CardType } from '../../src/cards/card-type.ts';
import type { Clock } from '../../src/core/clock.ts';
import { CardMuteError } from '../../src/cards/synchronous-card.ts';
import { contactFor, type CardContact, type PoweredSession, type SlotCard, type SlotCardKind } from './contacts/index.ts';
import type { FirmwareDefinition } from './firmware/card-firmware.ts';

export type { SlotCard, SlotCardKind } from './contacts/index.ts';

/** One card slot below CCID: the card, its power, and what drives it (firmware or the card's own APDUs). The vpcd bridge uses it too. */
export interface EmulatedSlot {
  readonly index: number;
  readonly card: SlotCard | undefined;
  /** `memory` (pseudo-APDUs through the reader's firmware) or `cpu` (APDUs to the card); undefined when empty. */
  readonly cardKind: SlotCardKind | undefined;
  readonly powered: boolean;
  /** The ATR of the powered card, as the reader reported it; undefined when unpowered. */
  readonly atr: Uint8Array | undefined;
  /** Cold reset: powers the card (off first if on) and returns the reader ATR; throws CardMuteError with no card. */
  powerOn(): Promise<Uint8Array>;
  powerOff(): Promise<void>;
  /**
   * One XfrBlock payload: a pseudo-APDU through a memory card's firmware, or a command APDU to a CPU
   * card. Throws CardMuteError with no card, no power, or a card gone mute.
   */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export class CardSlot implements EmulatedSlot {
  private contact: CardContact | undefined;
  private session: PoweredSession | undefined;

  constructor(
    readonly index: number,
    private readonly firmwareFor: (type: CardType) => FirmwareDefinition,
    /** The clock the firmware waits out the card's write cycles on (ReaderEmulatorOptions.clock). */
    private readonly clock: Clock,
  ) {}

  get card(): SlotCard | undefined {
    return this.contact?.card;
  }

  get cardKind(): SlotCardKind | undefined {
    return this.contact?.kind;
  }

  get powered(): boolean {
    return this.session !== undefined;
  }

  get atr(): Uint8Array | undefined {
    return this.session?.atr;
  }

  /** Puts `card` in the slot, unpowered. The caller checks the slot is empty. */
  insert(card: SlotCard): void {
    this.contact = contactFor(card, this.firmwareFor, this.clock);
    this.session = undefined;
  }

  /** Takes the card out; it loses power with the contacts. */
  remove(): SlotCard | undefined {
    const contact = this.contact;
    const wasPowered = this.powered;
    this.contact = undefined;
    this.session = undefined;
    // The card object is the caller's now; its contacts are open, so it is unpowered.
    if (contact && wasPowered) void contact.powerOff().catch(() => undefined);
    return contact?.card;
  }

  async powerOn(): Promise<Uint8Array> {
    const contact = this.contact;
    if (!contact) throw new CardMuteError(`slot ${this.index} is empty`);
    if (this.session) await this.powerOff();
    const session = await contact.powerOn();
    if (this.contact !== contact) throw new CardMuteError(`the card left slot ${this.index} during power-on`);
    this.session = session;
    return session.atr;
  }

  async powerOff(): Promise<void> {
    const contact = this.contact;
    const wasPowered = this.powered;
    this.session = undefined;
    if (contact && wasPowered) await contact.powerOff();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const contact = this.contact;
    const session = this.session;
    if (!contact) throw new CardMuteError(`slot ${this.index} is empty`);
    if (!session) throw new CardMuteError(`the card in slot ${this.index} is not powered`);
    try {
      return await session.transmit(apdu);
    } catch (error) {
      // A card that stopped answering (power lost mid-write) is deactivated, as a reader does.
      if (error instanceof CardMuteError && this.session === session) {
        this.session = undefined;
        await contact.powerOff().catch(() => undefined);
      }
      throw error;
    }
  }

  /** Chip busy time (µs) since the last call, e.g. during the last transmit. */
  takeBusyMicros(): number {
    return this.session?.takeBusyMicros() ?? 0;
  }
}
