import type { CommandApdu } from './apdu.ts';
import type { CardKey, DedicatedFile, KeyUsage } from './files.ts';
import type { Outcome } from './outcome.ts';
import type { CardContext } from './session.ts';

/**
 * An application living in a DF (the PBOC purse, later). While its DF is the current DF it gets
 * first look at every proprietary-class command (CLA 8x, e.g. 80 and 84). It keeps its
 * non-volatile data in the EFs of its DF and writes them through `context.nvm`, so its writes share
 * the card's anti-tearing and power-loss faults. It may answer a status word at once with
 * `refuse(sw)` from outcome.ts.
 */
export interface CardApplication {
  /** An Outcome, or undefined to decline (the card then answers 6E00). */
  process(command: CommandApdu, context: ApplicationContext): Outcome | undefined;
  /** Drops volatile state (a pending transaction): called at power-off and when its DF stops being current. */
  reset(): void;
}

export interface ApplicationContext extends CardContext {
  /** The application's DF. */
  readonly df: DedicatedFile;
  /** A key of the DF's key file by id and usage (docs/cpu-card.md: a key is named by both). */
  key(id: number, usage: KeyUsage): CardKey | undefined;
}

/** Makes the application for a DF whose profile names it; the card is given a map name → factory. */
export type ApplicationFactory = (df: DedicatedFile) => CardApplication;
