import type { PurseProfile } from './profile.ts';
import type { PurseState } from './state.ts';

export type { AppCommand as PurseCommand, AppAnswer as PurseAnswer } from '../application-apdu.ts';

/**
 * The card around the purse: its non-volatile memory and its random source. `commit` writes a new
 * state in one step; it may throw (a power loss the card's fault injection stages), in which case the
 * purse answers nothing and the card keeps whichever state the fault left.
 */
export interface PurseHost {
  readonly profile: PurseProfile;
  state(): PurseState;
  commit(next: PurseState): void;
  /** 4 bytes of the card's pseudo-random number. */
  random(): Uint8Array;
}

export { appAnswer as answer } from '../application-apdu.ts';

/** The card keeps the proofs (MAC2 ‖ TAC) of its newest PROOFS_KEPT transactions, of whatever type. */
export const PROOFS_KEPT = 8;
