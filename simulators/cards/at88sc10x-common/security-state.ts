import type { BitField } from '../../../src/cards/at88sc102/family.ts';

/** An attempts counter guarding a code. */
export interface CounterSpec {
  readonly field: BitField;
  /** How many of its first bits count. */
  readonly countedBits: number;
  /**
   * 'restore': a matching code lets the validation erase restore the counter (SCAC, SnAC, EnAC).
   * 'consume': the written bit is spent for good and only buys one zone erase (AT88SC102 EC2).
   */
  readonly kind: 'restore' | 'consume';
}

/** A code field the chip compares (SC, SCn, EZn), with the counter that guards it if any. */
export interface CodeSpec {
  readonly field: BitField;
  readonly counter?: CounterSpec;
}

/** A comparison waiting for its attempt bit and validation erase. */
export interface PendingCompare {
  readonly code: CodeSpec;
  /** The counter the attempt is paid on. */
  readonly counter: CounterSpec;
  readonly matched: boolean;
  /** An attempt bit of the code's counter was written to 0 after the comparison. */
  armed: boolean;
}

/**
 * Volatile security state: which codes are validated (SV, SnV, En flags by code field name) and the
 * comparison in progress. All of it dies at power-off; RST only abandons the comparison in
 * progress, because the datasheet's RST is an address reset that hosts pulse between operations.
 */
export class SecurityState {
  private readonly validated = new Set<string>();
  pending: PendingCompare | undefined;

  isValidated(name: string): boolean {
    return this.validated.has(name);
  }

  validate(name: string): void {
    this.validated.add(name);
  }

  revoke(name: string): void {
    this.validated.delete(name);
  }

  names(): string[] {
    return [...this.validated].sort();
  }

  clearAll(): void {
    this.validated.clear();
    this.pending = undefined;
  }
}
