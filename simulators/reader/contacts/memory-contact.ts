import type { Clock } from '../../../src/core/clock.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { EmulatedCard } from '../../cards/common/emulated-card.ts';
import { BusyMeter } from '../busy-meter.ts';
import type { FirmwareDefinition } from '../firmware/card-firmware.ts';
import type { CardContact, PoweredSession } from './contact.ts';

/**
 * A memory card: the reader's firmware for its type turns the host's class-FF pseudo-APDUs into chip
 * commands, over a meter of the chip's busy time (for time extensions). The firmware starts afresh
 * at every power-on, and the reader wraps the chip's ATR (FirmwareDefinition.readerAtr).
 */
export class MemoryCardContact implements CardContact {
  readonly kind = 'memory';

  constructor(
    readonly card: EmulatedCard,
    private readonly firmwareFor: (type: CardType) => FirmwareDefinition,
    /** The clock the firmware waits out the card's write cycles on. */
    private readonly clock: Clock,
  ) {}

  async powerOn(): Promise<PoweredSession> {
    // Looked up first: with no firmware for the type the card is never powered (HW_ERROR).
    const definition = this.firmwareFor(this.card.type);
    const chipAtr = await this.card.powerOn();
    const meter = new BusyMeter(this.card);
    const firmware = definition.start(meter, this.clock);
    return {
      atr: definition.readerAtr(chipAtr),
      transmit: (apdu) => firmware.transmit(apdu),
      takeBusyMicros: () => meter.takeBusyMicros(),
    };
  }

  powerOff(): Promise<void> {
    return this.card.powerOff();
  }
}
