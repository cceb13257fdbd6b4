import type { Random } from '../../../src/core/random.ts';
import type { TransmissionProtocol } from '../../../src/cards/cpu/cpu-card.ts';
import type { AccessCondition, DedicatedFile, ElementaryFile } from './files.ts';
import type { NonVolatileMemory } from './nvm.ts';

/** The card-wide PIN: its value and retry limit are personalised; tries left is non-volatile. */
export interface CardPin {
  readonly value: Uint8Array;
  readonly maxTries: number;
  /** One byte of non-volatile memory: the tries left. */
  readonly triesLeft: Uint8Array;
}

/**
 * Volatile state, lost at power-off [ISO/IEC 7816-4 §5.3.3, §5.4]: the current DF and EF, the
 * security status and the last challenge. Security status model (docs/cpu-card.md):
 * - the PIN's verified state is card-wide, set by a correct VERIFY, cleared by a wrong one and at
 *   power-off;
 * - "authenticated with key n" belongs to the current DF: it is set by EXTERNAL AUTHENTICATE with key
 *   n of that DF and cleared whenever another DF becomes current.
 */
export class CardSession {
  currentDf: DedicatedFile;
  currentEf: ElementaryFile | undefined;
  pinVerified = false;
  readonly authenticatedKeys = new Set<number>();
  /** The last GET CHALLENGE's bytes, consumed by the next EXTERNAL AUTHENTICATE. */
  challenge: Uint8Array | undefined;

  constructor(readonly mf: DedicatedFile) {
    this.currentDf = mf;
  }

  selectDf(df: DedicatedFile): void {
    if (df !== this.currentDf) this.authenticatedKeys.clear();
    this.currentDf = df;
    this.currentEf = undefined;
  }

  selectEf(ef: ElementaryFile): void {
    this.selectDf(ef.parent);
    this.currentEf = ef;
  }

  /** Whether the security status satisfies `condition` for a file of the current DF. */
  allows(condition: AccessCondition): boolean {
    switch (condition.kind) {
      case 'always':
        return true;
      case 'never':
        return false;
      case 'pin':
        return this.pinVerified;
      case 'key':
        return this.authenticatedKeys.has(condition.keyId);
    }
  }
}

/** What every command handler may use. */
export interface CardContext {
  readonly session: CardSession;
  readonly pin: CardPin | undefined;
  readonly nvm: NonVolatileMemory;
  readonly random: Random;
  readonly protocol: TransmissionProtocol;
}
