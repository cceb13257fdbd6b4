import { InputError } from '../../../src/core/errors.ts';
import {
  MAIN_MEMORY_SIZE,
  PROTECTION_MEMORY_SIZE,
  PSC_LENGTH,
  SECURITY_MEMORY_SIZE,
} from '../../../src/cards/sle4442/commands.ts';
import type { CardDefinition, CardOptions, NewCardOptions } from '../common/emulated-card.ts';
import { imageArea, type CardImage } from '../common/image.ts';
import { Sle4442Card, type Sle4442ChipFactory } from './card.ts';
import { DEFAULT_PSC, FACTORY_ERROR_COUNTER, factoryMain, factoryProtection } from './factory.ts';
import type { Sle4442Contents } from './memory.ts';

export { Sle4442Card, type Sle4442ChipFactory } from './card.ts';
export { Sle4442Chip } from './chip.ts';
export { DEFAULT_PSC, FACTORY_PROTECTED_BYTES } from './factory.ts';

export const SLE4442_DATASHEET =
  'Infineon (Siemens) SLE 4432/SLE 4442 Intelligent 256-Byte EEPROM with Write Protection Function and ' +
  'Programmable Security Code (PSC), data sheet (§2.4 PSC verification)';

/** A factory-fresh card: blank-card header, factory protection bits, EC = 111b, the given PSC. */
export function createSle4442(options: NewCardOptions = {}, chipFactory?: Sle4442ChipFactory): Sle4442Card {
  const psc = options.secret ?? DEFAULT_PSC;
  if (psc.length !== PSC_LENGTH) throw new InputError('secret', `the SLE4442 PSC is ${PSC_LENGTH} bytes, got ${psc.length}`);
  const security = Uint8Array.of(FACTORY_ERROR_COUNTER, ...psc);
  return new Sle4442Card({ main: factoryMain(), protection: factoryProtection(), security }, options, chipFactory);
}

/** A card with an image's contents, as it is after power-on (nothing verified). */
export function sle4442FromImage(image: CardImage, options: CardOptions = {}, chipFactory?: Sle4442ChipFactory): Sle4442Card {
  if (image.type !== 'SLE4442') throw new InputError('image', `an ${image.type} image cannot be loaded as an SLE4442`);
  const contents: Sle4442Contents = {
    main: imageArea(image, 'main', MAIN_MEMORY_SIZE),
    protection: imageArea(image, 'protection', PROTECTION_MEMORY_SIZE),
    security: imageArea(image, 'security', SECURITY_MEMORY_SIZE),
  };
  return new Sle4442Card(contents, options, chipFactory);
}

/** SLE4442; the default secret is the transport PSC FF FF FF of generic blank cards (see factory.ts). */
export const sle4442Definition: CardDefinition<Sle4442Card> = {
  type: 'SLE4442',
  datasheet: SLE4442_DATASHEET,
  secretLength: PSC_LENGTH,
  defaultSecret: DEFAULT_PSC,
  create: (options) => createSle4442(options),
  fromImage: (image, options) => sle4442FromImage(image, options),
};
