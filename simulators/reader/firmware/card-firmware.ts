import type { CardType } from '../../../src/cards/card-type.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import type { Clock } from '../../../src/core/clock.ts';

/**
 * The part of a reader's firmware that drives one kind of memory card: it turns the ACS-compatible
 * pseudo-APDUs (class FF, ACR38x-CCID reference manual §9.3, ACR39x manual §8) a host sends in
 * XfrBlock into the card's chip commands, and answers with data and a status word.
 *
 * One firmware object lives for one power session of the card (volatile reader state such as the
 * selected I²C page size starts afresh at each power-on, as on the ACR38 "reset on card removal").
 */
export interface MemoryCardFirmware {
  /**
   * One pseudo-APDU (case 1, 2 or 3 short APDU) against the powered card; returns response data
   * followed by SW1 SW2. Never throws for bad input: a malformed APDU gets its status word.
   * Throws CardMuteError when the card stops answering (power lost mid-command).
   */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface FirmwareDefinition {
  readonly cardType: CardType;
  /** The card-type code of SELECT_CARD_TYPE `FF A4 00 00 01 tt` for this card (ACR38x §9.3.1): ACS_SELECT_CODE[cardType]. */
  readonly selectCode: number;
  /**
   * The ATR the reader reports for this card, from what the chip clocked out at reset. Readers wrap
   * a synchronous card's 4-byte answer as `3B 04` + those bytes so PC/SC can connect it as T=0
   * (cards_readers.md §0, pcsc-tools #46 trace `3B 04 A2 13 10 91`).
   */
  readerAtr(chipAtr: Uint8Array): Uint8Array;
  /**
   * Starts the firmware for one power session of `card`. `clock` is the clock the card's self-timed
   * write cycles run on (the reader waits them out by polling, as real firmware does); it must be
   * the card's own. Without it the firmware waits in real time.
   */
  start(card: SynchronousCard, clock?: Clock): MemoryCardFirmware;
}
