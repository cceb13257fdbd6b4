import type { CardDefinition, CardOptions } from '../common/emulated-card.ts';
import { At88sc1608Card } from './card.ts';
import { DEFAULT_SECURE_CODE, contentsFromImage, factoryContents, type Contents } from './contents.ts';

export { At88sc1608Card } from './card.ts';
export { DEFAULT_SECURE_CODE } from './contents.ts';

export const AT88SC1608_DATASHEET =
  'Atmel AT88SC1608 "8 x 256 x 8 Secure Memory with Authentication", doc 0971 (rev. E/G/H)';

/** A definition for a card class: the emulator itself, or a subclass (mutation tests). */
export function definitionFor(
  make: (contents: Contents, options: CardOptions) => At88sc1608Card,
): CardDefinition<At88sc1608Card> {
  return {
    type: 'AT88SC1608',
    datasheet: AT88SC1608_DATASHEET,
    secretLength: 3,
    defaultSecret: DEFAULT_SECURE_CODE,
    create: (options = {}) => make(factoryContents(options.secret ?? DEFAULT_SECURE_CODE), options),
    fromImage: (image, options = {}) => make(contentsFromImage(image), options),
  };
}

export const at88sc1608Definition = definitionFor((contents, options) => new At88sc1608Card(contents, options));
