import { PowerLost, PowerLossFault } from '../common/power-loss.ts';

/**
 * Power loss for a CPU card. As for the memory cards, the power fails during the (n+1)-th byte
 * written to non-volatile memory from now, counting across commands. Unlike them, a CPU card
 * commits each command's writes all-or-nothing (anti-tearing): when the power fails mid-command the
 * bytes already written by that command are rolled back, unless the fault was armed with
 * `{ tear: true }`, which leaves them as the cut left them (a card without anti-tearing, or a
 * tear the card's journal could not undo).
 */
export class CpuPowerLossFault extends PowerLossFault {
  private tearNext = false;

  override powerLossAfter(bytes: number, options: { tear?: boolean } = {}): void {
    super.powerLossAfter(bytes);
    this.tearNext = options.tear === true;
  }

  override clear(): void {
    super.clear();
    this.tearNext = false;
  }

  /** Whether the armed (or just struck) fault leaves a torn write. */
  get tears(): boolean {
    return this.tearNext;
  }
}

/**
 * The one way to change non-volatile bytes. `transaction` wraps a command: every `write` inside is
 * journalled, and a power loss rolls the command back (or tears it, see CpuPowerLossFault).
 */
export class NonVolatileMemory {
  private journal: Array<{ target: Uint8Array; offset: number; old: number }> | undefined;
  /** Bytes written since the card was made: lets tests see that a refused command wrote nothing. */
  bytesWritten = 0;

  constructor(readonly faults: CpuPowerLossFault) {}

  write(target: Uint8Array, offset: number, bytes: Uint8Array): void {
    if (offset < 0 || offset + bytes.length > target.length) {
      throw new RangeError(`write of ${bytes.length} bytes at ${offset} outside a ${target.length}-byte area`);
    }
    for (let i = 0; i < bytes.length; i++) {
      if (this.faults.strikesNow()) throw new PowerLost(offset + i);
      this.journal?.push({ target, offset: offset + i, old: target[offset + i]! });
      target[offset + i] = bytes[i]!;
      this.bytesWritten++;
    }
  }

  transaction<T>(work: () => T): T {
    this.journal = [];
    try {
      return work();
    } catch (error) {
      if (error instanceof PowerLost && !this.faults.tears) this.rollBack();
      if (error instanceof PowerLost) this.faults.clear();
      throw error;
    } finally {
      this.journal = undefined;
    }
  }

  /**
   * Undoes the writes of the command under way: a command that ends in a refusal (an error status
   * word) leaves no write behind, even one made before it decided to refuse.
   */
  discardWrites(): void {
    this.rollBack();
    if (this.journal) this.journal = [];
  }

  private rollBack(): void {
    const entries = this.journal ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]!;
      entry.target[entry.offset] = entry.old;
    }
  }
}
