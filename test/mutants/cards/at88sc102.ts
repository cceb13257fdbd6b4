import { inField, type BitField } from '../../../src/cards/at88sc102/family.ts';
import { AT88SC102_BITS, AT88SC102_MAP } from '../../../src/cards/at88sc102/commands.ts';
import type { CardDefinition, CardOptions } from '../../../simulators/cards/common/emulated-card.ts';
import { imageArea } from '../../../simulators/cards/common/image.ts';
import { ChipOperations } from '../../../simulators/cards/at88sc10x-common/operations.ts';
import type { EraseAction } from '../../../simulators/cards/at88sc10x-common/rules.ts';
import type { CodeSpec, CounterSpec } from '../../../simulators/cards/at88sc10x-common/security-state.ts';
import { MEMORY_AREA } from '../../../simulators/cards/at88sc10x-common/secure-memory-card.ts';
import { At88sc102Card, at88sc102Definition } from '../../../simulators/cards/at88sc102/index.ts';
import { blankAt88sc102 } from '../../../simulators/cards/at88sc102/factory.ts';
import type { CardMutant } from './mutant.ts';

/** Writing an attempt bit "pays" the attempt but never programs it: wrong codes cost nothing. */
export class CounterNotDecremented extends ChipOperations {
  protected override writeBit(bit: number): void {
    const pending = this.security.pending;
    if (pending && inField({ name: 'counted', start: pending.counter.field.start, bits: pending.counter.countedBits }, bit)) {
      if (this.memory.bit(bit) === 1) pending.armed = true;
      return;
    }
    super.writeBit(bit);
  }
}

/** Access rules ignored: every bit but the fabrication zone and the fuses can be written and erased without any code. */
export function lockIgnored(fz: BitField, fusesFrom: number) {
  return class LockIgnored extends ChipOperations {
    protected override writable(bit: number): boolean {
      return super.writable(bit) || (!inField(fz, bit) && bit < fusesFrom);
    }

    protected override eraseActionFor(unit: BitField): EraseAction {
      const action = super.eraseActionFor(unit);
      if (action.kind === 'erase' || inField(fz, unit.start) || unit.start >= fusesFrom) return action;
      return { kind: 'erase', ranges: [unit] };
    }
  };
}

/** The validation erase restores the counter after any paid comparison, right or wrong (the flag still needs the right code). */
export class CounterRestoredOnWrongCode extends ChipOperations {
  protected override validationErase(code: CodeSpec, counter: CounterSpec): boolean {
    const pending = this.security.pending;
    if (pending?.code === code && pending.armed && !pending.matched) {
      this.security.pending = undefined;
      this.memory.eraseBytes(counter.field.start / 8, (counter.field.start + counter.field.bits) / 8);
      return true;
    }
    return super.validationErase(code, counter);
  }
}

type OperationsClass = new (...args: ConstructorParameters<typeof ChipOperations>) => ChipOperations;

function variant(name: string, breaks: string, Operations: OperationsClass): CardMutant {
  class Mutant extends At88sc102Card {
    protected override createOperations(): ChipOperations {
      return new Operations(this.memory, this.security, this.rules);
    }
  }
  const definition: CardDefinition = {
    ...at88sc102Definition,
    create: (options = {}) => new Mutant(blankAt88sc102(options.secret), options),
    fromImage: (image, options: CardOptions = {}) => new Mutant(imageArea(image, MEMORY_AREA, AT88SC102_BITS / 8), options),
  };
  return { name, breaks, definition };
}

export const at88sc102Mutants: CardMutant[] = [
  variant('counter-not-decremented', 'a wrong security code costs one SCAC bit for good (AT88SC102: four attempts)', CounterNotDecremented),
  variant(
    'lock-ignored',
    'IZ, CPZ and the application zones are written and erased only with the security code',
    lockIgnored(AT88SC102_MAP.fz, AT88SC102_MAP.blockErase.start),
  ),
  variant('counter-restored-on-wrong-code', 'only a matching code lets the SCAC erase restore the attempts', CounterRestoredOnWrongCode),
];
