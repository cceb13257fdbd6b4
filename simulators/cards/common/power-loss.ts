import { CardMuteError } from '../../../src/cards/synchronous-card.ts';

/**
 * Fault injection shared by every card: cut the power after a given number of EEPROM byte
 * programming cycles. The count runs across commands, so "after 3 bytes" can land in the middle of
 * a multi-byte write or in the PSC procedure's error-counter write.
 */
export interface CardFaults {
  /** Power fails during the (bytes+1)-th programming cycle from now; `bytes` = 0 means the very next one. */
  powerLossAfter(bytes: number): void;
  /** Disarms any pending fault. */
  clear(): void;
  /** Cycles still allowed before the armed power loss, or undefined when none is armed. */
  readonly pending: number | undefined;
}

/** Thrown inside a card when the armed power loss strikes; the card turns it into CardMuteError. */
export class PowerLost extends CardMuteError {
  constructor(readonly address: number) {
    super(`power lost during the programming cycle of address 0x${address.toString(16).toUpperCase()}`);
  }
}

export class PowerLossFault implements CardFaults {
  private remaining: number | undefined;

  powerLossAfter(bytes: number): void {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`powerLossAfter needs a whole number >= 0, got ${bytes}`);
    this.remaining = bytes;
  }

  clear(): void {
    this.remaining = undefined;
  }

  get pending(): number | undefined {
    return this.remaining;
  }

  /** Called at the start of every programming cycle; true when this cycle is the one the power fails in. */
  strikesNow(): boolean {
    if (this.remaining === undefined) return false;
    if (this.remaining === 0) {
      this.remaining = undefined;
      return true;
    }
    this.remaining--;
    return false;
  }
}
