import type { CpuCard } from '../../../src/cards/cpu/cpu-card.ts';
import type { EmulatedCard } from '../../cards/common/emulated-card.ts';

/**
 * What a slot can hold: a memory card (SLE44x2, AT88SC…), which the reader's per-type firmware drives
 * with chip commands, or a CPU card, which takes APDUs itself [ISO/IEC 7816-3, 7816-4].
 */
export type SlotCard = EmulatedCard | CpuCard;

/** The card kinds a slot tells apart: which path its XfrBlock takes. */
export type SlotCardKind = 'memory' | 'cpu';

/** One power session of a card through the slot's contacts: from its cold reset to its power-off. */
export interface PoweredSession {
  /** The ATR the reader reports for the card. */
  readonly atr: Uint8Array;
  /** One XfrBlock's payload to the card; data ‖ SW1 SW2 back. Throws CardMuteError when the card stops answering. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Chip busy time (µs) since the last call; 0 for a card that reports none. */
  takeBusyMicros(): number;
}

/** How the reader drives one kind of card: powering it, and what carries its commands. */
export interface CardContact {
  readonly kind: SlotCardKind;
  readonly card: SlotCard;
  /** Cold reset of the (unpowered) card; the session lasts until `powerOff`. */
  powerOn(): Promise<PoweredSession>;
  powerOff(): Promise<void>;
}
