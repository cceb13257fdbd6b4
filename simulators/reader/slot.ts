import type { CardType } from '../../src/cards/card-type.ts';
import type { Clock } from '../../src/core/clock.ts';
import { CardMuteError } from '../../src/cards/synchronous-card.ts';
import type { EmulatedCard } from '../cards/common/emulated-card.ts';
import type { FirmwareDefinition, MemoryCardFirmware } from './firmware/card-firmware.ts';
import { BusyMeter } from './busy-meter.ts';

/** One card slot below CCID: the card, its power, and the reader firmware driving it. The vpcd bridge uses it too. */
export interface EmulatedSlot {
  readonly index: number;
  readonly card: EmulatedCard | undefined;
  readonly powered: boolean;
  /** Cold reset: powers the card (off first if on) and returns the reader ATR; throws CardMuteError with no card. */
  powerOn(): Promise<Uint8Array>;
  powerOff(): Promise<void>;
  /** One pseudo-APDU through the card's firmware; throws CardMuteError with no card, no power, or a card gone mute. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

/** A powered card's session: the firmware started at power-on, over a meter of the chip's busy time. */
interface PowerSession {
  readonly firmware: MemoryCardFirmware;
  readonly meter: BusyMeter;
}

export class CardSlot implements EmulatedSlot {
  private inserted: EmulatedCard | undefined;
  private session: PowerSession | undefined;

  constructor(
    readonly index: number,
    private readonly firmwareFor: (type: CardType) => FirmwareDefinition,
    /** The clock the firmware waits out the card's write cycles on (ReaderEmulatorOptions.clock). */
    private readonly clock: Clock,
  ) {}

  get card(): EmulatedCard | undefined {
    return this.inserted;
  }

  get powered(): boolean {
    return this.session !== undefined;
  }

  /** Puts `card` in the slot, unpowered. The caller checks the slot is empty. */
  insert(card: EmulatedCard): void {
    this.inserted = card;
    this.session = undefined;
  }

  /** Takes the card out; it loses power with the contacts. */
  remove(): EmulatedCard | undefined {
    const card = this.inserted;
    const wasPowered = this.powered;
    this.inserted = undefined;
    this.session = undefined;
    // The card object is the caller's now; its contacts are open, so it is unpowered.
    if (card && wasPowered) void card.powerOff().catch(() => undefined);
    return card;
  }

  async powerOn(): Promise<Uint8Array> {
    const card = this.inserted;
    if (!card) throw new CardMuteError(`slot ${this.index} is empty`);
    const definition = this.firmwareFor(card.type);
    if (this.session) await this.powerOff();
    const chipAtr = await card.powerOn();
    if (this.inserted !== card) throw new CardMuteError(`the card left slot ${this.index} during power-on`);
    const meter = new BusyMeter(card);
    this.session = { firmware: definition.start(meter, this.clock), meter };
    return definition.readerAtr(chipAtr);
  }

  async powerOff(): Promise<void> {
    const card = this.inserted;
    const wasPowered = this.powered;
    this.session = undefined;
    if (card && wasPowered) await card.powerOff();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const card = this.inserted;
    const session = this.session;
    if (!card) throw new CardMuteError(`slot ${this.index} is empty`);
    if (!session) throw new CardMuteError(`the card in slot ${this.index} is not powered`);
    try {
      return await session.firmware.transmit(apdu);
    } catch (error) {
      // A card that stopped answering (power lost mid-write) is deactivated, as a reader does.
      if (error instanceof CardMuteError && this.session === session) {
        this.session = undefined;
        await card.powerOff().catch(() => undefined);
      }
      throw error;
    }
  }

  /** Chip busy time (µs) since the last call, e.g. during the last transmit. */
  takeBusyMicros(): number {
    return this.session?.meter.takeBusyMicros() ?? 0;
  }
}
