import type { CardDefinition, CardOptions, NewCardOptions } from '../common/emulated-card.ts';
import { InputError } from '../../../src/core/errors.ts';
import { PSC_ADDRESS, PSC_LENGTH } from '../../../src/cards/sle4428/commands.ts';
import { Sle4428Card, type ChipFactory } from './card.ts';
import { sle4428ContentsFromImage } from './image.ts';
import { factoryContents } from './factory.ts';

export { Sle4428Card, SLE4428_CYCLE_TIMES } from './card.ts';
export { Sle4428Chip } from './chip.ts';

/** PSC of a blank card: FF FF, what generic blank cards ship with [IchMarcel sle4428.c compares FF FF]. */
const DEFAULT_PSC = Uint8Array.of(0xff, 0xff);

/** Builds the definition around a chip; mutants pass a broken chip. */
export function sle4428DefinitionWith(chipFactory?: ChipFactory): CardDefinition<Sle4428Card> {
  return {
    type: 'SLE4428',
    datasheet: 'Infineon SLE 4418/4428 (second source ISSI IS23SC4418/4428, rev. NV001-0C)',
    secretLength: PSC_LENGTH,
    defaultSecret: DEFAULT_PSC,
    create(options: NewCardOptions = {}): Sle4428Card {
      const secret = options.secret ?? DEFAULT_PSC;
      if (secret.length !== PSC_LENGTH) throw new InputError('SLE4428 PSC', `needs ${PSC_LENGTH} bytes, got ${secret.length}`);
      const contents = factoryContents();
      contents.memory.set(secret, PSC_ADDRESS);
      return new Sle4428Card(contents, options, chipFactory);
    },
    fromImage(image, options: CardOptions = {}): Sle4428Card {
      if (image.type !== 'SLE4428') throw new InputError('card image', `holds a ${image.type}, not an SLE4428`);
      return new Sle4428Card(sle4428ContentsFromImage(image), options, chipFactory);
    },
  };
}

export const sle4428Definition: CardDefinition<Sle4428Card> = sle4428DefinitionWith();
