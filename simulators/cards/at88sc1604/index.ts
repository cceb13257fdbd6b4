import { AT88SC1604_BITS, AT88SC1604_DEFAULT_SC } from '../../../src/cards/at88sc1604/commands.ts';
import type { CardDefinition } from '../common/emulated-card.ts';
import { imageArea } from '../common/image.ts';
import { MEMORY_AREA } from '../at88sc10x-common/secure-memory-card.ts';
import { At88sc1604Card } from './card.ts';
import { blankAt88sc1604 } from './factory.ts';

export { At88sc1604Card } from './card.ts';
export { at88sc1604Rules } from './rules.ts';

export const at88sc1604Definition: CardDefinition<At88sc1604Card> = {
  type: 'AT88SC1604',
  datasheet:
    'Atmel AT88SC1604 "16K bit secure memory with four application zones" (datasheet not found; map from reader firmware, rules reconstructed, see docs/cards/at88sc1604.md)',
  secretLength: 2,
  defaultSecret: AT88SC1604_DEFAULT_SC,
  create: (options = {}) => new At88sc1604Card(blankAt88sc1604(options.secret), options),
  fromImage: (image, options = {}) => new At88sc1604Card(imageArea(image, MEMORY_AREA, AT88SC1604_BITS / 8), options),
};
