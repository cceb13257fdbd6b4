import { StbpayError } from '../core/errors.ts';
import type { CardType } from './card-type.ts';

/**
 * The chip-command interface of a synchronous (memory) card: what a reader's firmware drives over the
 * card's 2-wire, 3-wire or I²C-like bus. Emulators implement it; a real chip is reached through a
 * reader (whose firmware speaks this interface to the card), so this is the level at which a card's
 * datasheet behaviour is specified and checked.
 */
export interface SynchronousCard {
  readonly type: CardType;
  /** Activates the card (cold reset) and returns its answer to reset, as clocked out by the chip. */
  powerOn(): Promise<Uint8Array>;
  /**
   * Pulses RST on a powered card (warm reset) and returns the answer to reset. What survives a reset
   * is the chip's business: SLE44x2/44x8 keep a verified PSC until power-off, AT88SC parts drop
   * every password and authentication privilege.
   */
  reset(): Promise<Uint8Array>;
  /** Deactivates the card; volatile state (verified codes, address pointers) is lost. */
  powerOff(): Promise<void>;
  /** Clocks one chip command into a powered card. Throws CardMuteError when the card is not powered. */
  execute(command: ChipCommand): Promise<ChipResponse>;
}

export interface ChipCommand {
  /** The bytes the host clocks into the chip, e.g. SLE4442: control, address, data. */
  readonly bytes: Uint8Array;
  /**
   * How many bytes the host clocks out afterwards. Chips with an outgoing-data mode of their own
   * length (SLE4442 READ MAIN outputs to the end of memory) stop early when the host stops clocking;
   * when omitted the host clocks out everything the chip offers (I²C-like parts: one byte).
   */
  readonly readLength?: number;
}

export interface ChipResponse {
  /** Bytes the chip clocked out. */
  readonly data: Uint8Array;
  /**
   * false when the chip did not acknowledge the command: an I²C-like part NACKs a command it does
   * not know or receives while its self-timed write cycle runs. Parts without an acknowledge bit
   * (SLE44xx) always report true and simply ignore what they do not execute.
   */
  readonly acknowledged: boolean;
  /** Time the chip spent processing (erase/write cycles), in microseconds; 0 with the timing model off. */
  readonly busyMicros: number;
}

/** The card did not answer: it is not powered, or power was lost during the command. */
export class CardMuteError extends StbpayError {
  constructor(message: string) {
    super('STBPAY_ERR_CARD_MUTE', message);
  }
}
