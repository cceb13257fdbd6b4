import { PASSWORD_LENGTH } from '../../../src/cards/at88sc153/commands.ts';
import { InputError } from '../../../src/core/errors.ts';
import type { CardDefinition, CardOptions, NewCardOptions } from '../common/emulated-card.ts';
import { At88sc153Card, type ChipFactory } from './card.ts';
import { at88sc153ContentsFromImage } from './image.ts';
import { factoryContents } from './memory.ts';

export { At88sc153Card, type ChipFactory } from './card.ts';
export { At88sc153Chip } from './chip.ts';

/**
 * Transport secure code when none is given. Atmel sets the AT88SC153 secure code per card
 * manufacturer and does not publish it; DD 42 97 is the transport code Atmel publishes for its
 * CryptoMemory parts (Microchip AT88SC0104CA initialization example "BA 07 00 03 DD 42 97"), used
 * here so that one known value serves every Atmel part. Not a verified AT88SC153 value.
 */
export const AT88SC153_DEFAULT_SECURE_CODE = Uint8Array.of(0xdd, 0x42, 0x97);

/** Builds the definition around a chip; mutants pass a broken one. */
export function at88sc153DefinitionWith(chipFactory?: ChipFactory): CardDefinition<At88sc153Card> {
  return {
    type: 'AT88SC153',
    datasheet: 'Atmel AT88SC153 "3 x 64 x 8 Secure Memory with Authentication", doc 1016 (rev. D 04/04, E 12/07)',
    secretLength: PASSWORD_LENGTH,
    defaultSecret: AT88SC153_DEFAULT_SECURE_CODE,
    create(options: NewCardOptions = {}): At88sc153Card {
      const secret = options.secret ?? AT88SC153_DEFAULT_SECURE_CODE;
      if (secret.length !== PASSWORD_LENGTH) {
        throw new InputError('AT88SC153 secure code', `needs ${PASSWORD_LENGTH} bytes, got ${secret.length}`);
      }
      return new At88sc153Card(factoryContents(secret), options, chipFactory);
    },
    fromImage(image, options: CardOptions = {}): At88sc153Card {
      return new At88sc153Card(at88sc153ContentsFromImage(image), options, chipFactory);
    },
  };
}

export const at88sc153Definition: CardDefinition<At88sc153Card> = at88sc153DefinitionWith();
