import { AT88SC1604_BITS, AT88SC1604_MAP } from '../../../src/cards/at88sc1604/commands.ts';
import type { CardDefinition, CardOptions } from '../../../simulators/cards/common/emulated-card.ts';
import { imageArea } from '../../../simulators/cards/common/image.ts';
import type { ChipOperations } from '../../../simulators/cards/at88sc10x-common/operations.ts';
import { MEMORY_AREA } from '../../../simulators/cards/at88sc10x-common/secure-memory-card.ts';
import { At88sc1604Card, at88sc1604Definition } from '../../../simulators/cards/at88sc1604/index.ts';
import { blankAt88sc1604 } from '../../../simulators/cards/at88sc1604/factory.ts';
import { CounterNotDecremented, CounterRestoredOnWrongCode, lockIgnored } from './at88sc102.ts';
import type { CardMutant } from './mutant.ts';

type OperationsClass = new (...args: ConstructorParameters<typeof ChipOperations>) => ChipOperations;

/** The same three broken rules as the AT88SC102 variants, on the AT88SC1604 (one engine, one hook each). */
function variant(name: string, breaks: string, Operations: OperationsClass): CardMutant {
  class Mutant extends At88sc1604Card {
    protected override createOperations(): ChipOperations {
      return new Operations(this.memory, this.security, this.rules);
    }
  }
  const definition: CardDefinition = {
    ...at88sc1604Definition,
    create: (options = {}) => new Mutant(blankAt88sc1604(options.secret), options),
    fromImage: (image, options: CardOptions = {}) => new Mutant(imageArea(image, MEMORY_AREA, AT88SC1604_BITS / 8), options),
  };
  return { name, breaks, definition };
}

export const at88sc1604Mutants: CardMutant[] = [
  variant('counter-not-decremented', 'a wrong code costs one bit of its 8-attempt counter for good', CounterNotDecremented),
  variant('lock-ignored', 'IZ, CPZ, the codes and the zones are written and erased only with the right code', lockIgnored(AT88SC1604_MAP.fz, AT88SC1604_MAP.fuse1.start)),
  variant('counter-restored-on-wrong-code', 'only a matching code lets the counter erase restore the attempts', CounterRestoredOnWrongCode),
];
