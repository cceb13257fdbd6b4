import type { Clock } from '../../../src/core/clock.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { CpuCard } from '../../../src/cards/cpu/cpu-card.ts';
import type { FirmwareDefinition } from '../firmware/card-firmware.ts';
import type { CardContact, SlotCard } from './contact.ts';
import { CpuCardContact } from './cpu-contact.ts';
import { MemoryCardContact } from './memory-contact.ts';

export type { CardContact, PoweredSession, SlotCard, SlotCardKind } from './contact.ts';

/** A CPU card takes APDUs (`transmit`); a memory card takes chip commands (`execute`). */
export function isCpuCard(card: SlotCard): card is CpuCard {
  return 'transmit' in card;
}

/** How the reader drives `card`: the one place a slot's card kind is decided. */
export function contactFor(card: SlotCard, firmwareFor: (type: CardType) => FirmwareDefinition, clock: Clock): CardContact {
  return isCpuCard(card) ? new CpuCardContact(card) : new MemoryCardContact(card, firmwareFor, clock);
}

/** How messages name the card: `SLE4442 card`, `CPU card (T=1)`. */
export function cardLabel(card: SlotCard): string {
  return isCpuCard(card) ? `CPU card (${card.protocol})` : `${card.type} card`;
}
