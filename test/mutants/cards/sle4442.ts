import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';
import type { ChipResult } from '../../../simulators/cards/sle4442/chip.ts';
import {
  createSle4442,
  sle4442Definition,
  sle4442FromImage,
  Sle4442Chip,
  type Sle4442Card,
  type Sle4442ChipFactory,
} from '../../../simulators/cards/sle4442/index.ts';
import type { CardMutant } from './mutant.ts';

/** The counter-bit write of the PSC procedure never reaches the EEPROM: a wrong code costs nothing. */
class CounterNotDecremented extends Sle4442Chip {
  protected override programCounter(): number {
    return 0;
  }
}

/** Before verification the counter is updated (erase + write) instead of only written: 39 00 FF restores it after a wrong code. */
class CounterErasedOnWrongPsc extends Sle4442Chip {
  protected override programCounter(data: number): number {
    return this.memory.programErrorCounter(data, 'update');
  }
}

/** Protection bits are not consulted: protected bytes accept updates. */
class ProtectionIgnored extends Sle4442Chip {
  protected override writeProtected(): boolean {
    return false;
  }
}

/** At EC 000 a counter write still opens an attempt, so the right code unlocks a locked card. */
class LockIgnored extends Sle4442Chip {
  protected override opensAttempt(counterBefore: number, data: number): boolean {
    return counterBefore === 0 || super.opensAttempt(counterBefore, data);
  }
}

/** Only the last compare is checked against the PSC: bytes 1 and 2 are taken on trust. */
class LastPscByteOnly extends Sle4442Chip {
  override execute(command: ChipCommand): ChipResult {
    const [control, index] = command.bytes;
    const known = this.memory.psc()[(index ?? 0) - 1];
    if (control === 0x33 && (index === 1 || index === 2) && known !== undefined) {
      return super.execute({ ...command, bytes: Uint8Array.of(0x33, index, known) });
    }
    return super.execute(command);
  }
}

/** READ SECURITY outputs the PSC before it is verified. */
class PscReadable extends Sle4442Chip {
  protected override pscVisible(): boolean {
    return true;
  }
}

/** The verification survives power-off (kept in non-volatile state by mistake). */
class VerificationSurvivesPowerOff extends Sle4442Chip {
  override powerDown(): void {
    const verified = this.verified;
    super.powerDown();
    this.verified = verified;
  }
}

function mutated(name: string, chip: Sle4442ChipFactory): CardDefinition<Sle4442Card> {
  return {
    ...sle4442Definition,
    datasheet: `${sle4442Definition.datasheet} — mutant "${name}"`,
    create: (options) => createSle4442(options, chip),
    fromImage: (image, options) => sle4442FromImage(image, options, chip),
  };
}

const mutant = (name: string, breaks: string, chip: Sle4442ChipFactory): CardMutant => ({
  name,
  breaks,
  definition: mutated(name, chip),
});

export const sle4442Mutants: CardMutant[] = [
  mutant('counter-not-decremented', 'SLE4442 §2.4: every attempt writes one error-counter bit to 0', (m) => new CounterNotDecremented(m)),
  mutant('counter-erased-on-wrong-psc', 'SLE4442 §2.4: counter bits can only go 1 → 0 until the procedure succeeds', (m) => new CounterErasedOnWrongPsc(m)),
  mutant('protection-ignored', 'SLE4442 datasheet: a byte whose protection bit is 0 can never be changed', (m) => new ProtectionIgnored(m)),
  mutant('lock-ignored', 'SLE4442 §2.4: at EC 000 no further attempt is possible, the right code included', (m) => new LockIgnored(m)),
  mutant('last-psc-byte-only', 'SLE4442 §2.4: each of the three compares checks its reference byte', (m) => new LastPscByteOnly(m)),
  mutant('psc-readable', 'SLE4442 §2.4: the reference data cannot be read before verification', (m) => new PscReadable(m)),
  mutant('verification-survives-power-off', 'SLE4442 §2.4: write access lasts only as long as the voltage is applied', (m) => new VerificationSurvivesPowerOff(m)),
];
