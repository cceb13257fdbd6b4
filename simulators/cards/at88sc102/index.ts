import { AT88SC102_BITS, AT88SC102_DEFAULT_SC } from '../../../src/cards/at88sc102/commands.ts';
import type { CardDefinition } from '../common/emulated-card.ts';
import { imageArea } from '../common/image.ts';
import { MEMORY_AREA } from '../at88sc10x-common/secure-memory-card.ts';
import { At88sc102Card } from './card.ts';
import { blankAt88sc102 } from './factory.ts';

export { At88sc102Card } from './card.ts';
export { at88sc102Rules } from './rules.ts';

export const at88sc102Definition: CardDefinition<At88sc102Card> = {
  type: 'AT88SC102',
  datasheet:
    'Atmel AT88SC102 "1K EEPROM – Security Logic with Two Application Zones" (1419C–SMEM–6/08); access rules reconstructed, see docs/cards/at88sc102.md',
  secretLength: 2,
  defaultSecret: AT88SC102_DEFAULT_SC,
  create: (options = {}) => new At88sc102Card(blankAt88sc102(options.secret), options),
  fromImage: (image, options = {}) => new At88sc102Card(imageArea(image, MEMORY_AREA, AT88SC102_BITS / 8), options),
};
