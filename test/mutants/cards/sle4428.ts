import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { CONTROL, ERROR_COUNTER_ADDRESS, PSC_ADDRESS, decodeCommand } from '../../../src/cards/sle4428/commands.ts';
import { Sle4428Chip, sle4428DefinitionWith } from '../../../simulators/cards/sle4428/index.ts';
import type { ChipFactory } from '../../../simulators/cards/sle4428/card.ts';
import type { CardMutant } from './mutant.ts';

/** Counter write opens the attempt but never programs the counter: wrong codes cost nothing. */
class CounterNotDecremented extends Sle4428Chip {
  protected override writeCounter(data: number): number {
    const before = this.memory.byte(ERROR_COUNTER_ADDRESS);
    if (before !== 0) this.session.counterWritten(before, before & data);
    return 0;
  }
}

/** Writes ignore the protect bit. */
class ProtectedByteWritable extends Sle4428Chip {
  protected override writable(): boolean {
    return this.session.verified;
  }
}

/** Writing FF to a byte also erases its protect bit: protection becomes reversible. */
class ProtectionReversible extends Sle4428Chip {
  override execute(command: ChipCommand): ChipResponse {
    const decoded = decodeCommand(command.bytes);
    if (decoded?.control === CONTROL.WRITE && decoded.data === 0xff && this.session.verified) {
      const cell = decoded.address >> 3;
      const old = this.memory.protection.cells[cell] ?? 0xff;
      this.memory.protection.program(cell, old | (1 << (decoded.address & 7)), 'update');
    }
    return super.execute(command);
  }
}

/** A counter at 00 still opens an attempt: the lock is ignored. */
class LockIgnored extends Sle4428Chip {
  protected override writeCounter(data: number): number {
    if (this.memory.byte(ERROR_COUNTER_ADDRESS) !== 0) return super.writeCounter(data);
    this.session.attemptOpen = true;
    this.session.firstByteMatched = undefined;
    return 0;
  }
}

/** The PSC bytes can be read without verification. */
class PscReadable extends Sle4428Chip {
  protected override hidden(): boolean {
    return false;
  }
}

/** Comparisons count without a counter bit written first: unlimited free guesses. */
class CompareWithoutCounterBit extends Sle4428Chip {
  override execute(command: ChipCommand): ChipResponse {
    if (decodeCommand(command.bytes)?.control === CONTROL.COMPARE) this.session.attemptOpen = true;
    return super.execute(command);
  }
}

/** The 3FF comparison alone decides: the 3FE byte need not be compared at all (half the PSC). */
class FirstPscByteSkippable extends Sle4428Chip {
  override execute(command: ChipCommand): ChipResponse {
    const decoded = decodeCommand(command.bytes);
    if (decoded?.control === CONTROL.COMPARE && decoded.address === PSC_ADDRESS + 1 && this.session.firstByteMatched === undefined) {
      this.session.firstByteMatched = true;
    }
    return super.execute(command);
  }
}

/** A read outputs only the addressed byte instead of running to the end of memory. */
class ReadOneByte extends Sle4428Chip {
  override execute(command: ChipCommand): ChipResponse {
    const control = decodeCommand(command.bytes)?.control;
    if (control !== CONTROL.READ_8 || command.readLength !== undefined) return super.execute(command);
    return super.execute({ bytes: command.bytes, readLength: 1 });
  }
}

const mutant = (name: string, breaks: string, factory: ChipFactory): CardMutant => ({ name, breaks, definition: sle4428DefinitionWith(factory) });

export const sle4428Mutants: CardMutant[] = [
  mutant('counter-not-decremented', 'a wrong PSC costs an attempt (ACR38 §9.3.5)', (m) => new CounterNotDecremented(m)),
  mutant('protected-byte-writable', 'a write to a protected byte has no effect (IS23SC4428)', (m) => new ProtectedByteWritable(m)),
  mutant('protection-reversible', 'protect bits are PROM, never erased (IS23SC4428)', (m) => new ProtectionReversible(m)),
  mutant('lock-ignored', 'counter 00 locks the card for good (yktchina §5)', (m) => new LockIgnored(m)),
  mutant('psc-readable-unverified', 'the PSC reads 00 before verification (yktchina §6)', (m) => new PscReadable(m)),
  mutant('compare-without-counter-bit', 'a comparison counts only after a counter bit was written (ACR38 §9.3.5)', (m) => new CompareWithoutCounterBit(m)),
  mutant('first-psc-byte-skippable', 'both PSC bytes are compared, 3FE then 3FF (ACR38 §9.3.5; sqf-ice sle4428.c)', (m) => new FirstPscByteSkippable(m)),
  mutant('read-stops-after-one-byte', 'a read outputs to the end of memory (IS23SC4428; ATR H2)', (m) => new ReadOneByte(m)),
];
