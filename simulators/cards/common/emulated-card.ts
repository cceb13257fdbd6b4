import type { Clock } from '../../../src/core/clock.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import type { CardFaults } from './power-loss.ts';
import type { CardImage } from './image.ts';

/** An emulated card: the chip interface plus what only an emulator can offer. */
export interface EmulatedCard extends SynchronousCard {
  /** Fault injection (power loss after N programmed bytes). */
  readonly faults: CardFaults;
  /** Non-volatile contents, for saving to a file. */
  toImage(): CardImage;
  /** A readable hex dump of every area, with protection bits, counters and lock state spelled out. */
  dump(): string;
}

export interface CardOptions {
  /**
   * Timing model of the datasheet's erase/write cycles. On (the default), responses report the
   * cycle time in busyMicros, and self-timed parts refuse commands (NACK) until `clock` has moved
   * past the end of the cycle. Off, every cycle takes no time.
   */
  readonly timing?: boolean;
  /** The clock self-timed parts measure their write cycle against; defaults to a VirtualClock. */
  readonly clock?: Clock;
}

export interface NewCardOptions extends CardOptions {
  /**
   * The card's transport secret as shipped: the PSC of SLE44x2/44x8, the secure code of AT88SC
   * parts. Each definition documents its default.
   */
  readonly secret?: Uint8Array;
}

/** Everything the CLI, the conformance runner and tests need to know about one card type. */
export interface CardDefinition<C extends EmulatedCard = EmulatedCard> {
  readonly type: CardType;
  /** The document the emulator follows, cited in reports. */
  readonly datasheet: string;
  /** Length of the transport secret in bytes, and its default when none is given. */
  readonly secretLength: number;
  readonly defaultSecret: Uint8Array;
  /** A factory-fresh card. */
  create(options?: NewCardOptions): C;
  /** A card with the contents of an image file. */
  fromImage(image: CardImage, options?: CardOptions): C;
}
