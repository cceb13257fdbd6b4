import type { PasswordRef } from '../../../src/cards/at88sc153/commands.ts';

/**
 * Volatile security state of one power session: the verified password and the pending first pass
 * of a Verify Password. Both die at power-off and at RST [1016 p9: "active until power is turned
 * off, a new password is presented, or RST becomes active"].
 */
export class PasswordSession {
  /** The password verified last; only one is active at a time [1016 p9]. */
  active: PasswordRef | null = null;
  /** Set by the first (initialisation) Verify Password until the second one arrives [1016 p12]. */
  pending: PasswordRef | null = null;

  clear(): void {
    this.active = null;
    this.pending = null;
  }
}
