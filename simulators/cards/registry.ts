import { CARD_TYPES, type CardType } from '../../src/cards/card-type.ts';
import type { CardDefinition } from './common/emulated-card.ts';
import { sle4442Definition } from './sle4442/index.ts';
import { sle4428Definition } from './sle4428/index.ts';
import { at88sc1608Definition } from './at88sc1608/index.ts';
import { at88sc153Definition } from './at88sc153/index.ts';
import { at88sc102Definition } from './at88sc102/index.ts';
import { at88sc1604Definition } from './at88sc1604/index.ts';

/** Every card emulator, by card type. */
export const CARD_DEFINITIONS: Readonly<Record<CardType, CardDefinition>> = {
  SLE4442: sle4442Definition,
  SLE4428: sle4428Definition,
  AT88SC1608: at88sc1608Definition,
  AT88SC153: at88sc153Definition,
  AT88SC102: at88sc102Definition,
  AT88SC1604: at88sc1604Definition,
};

export function cardDefinition(type: CardType): CardDefinition {
  return CARD_DEFINITIONS[type];
}

export const ALL_CARD_TYPES: readonly CardType[] = CARD_TYPES;
