import type { PsamProvider } from '../psam/lease.ts';
import type { ApduChannel } from '../reader/apdu.ts';
import type { PurseApplicationKind } from './card-apdus.ts';
import type { PurseJournal } from './journal.ts';

/** Who issued the card, and the factors its keys were dispersed with (8 bytes each, the card's own first). */
export interface CardIdentity {
  readonly issuer: string;
  readonly factors: Uint8Array;
}

/** Everything a terminal (an STB with its card reader, a TSP with its PSAM pool) brings to a purse transaction. */
export interface PurseTerminal {
  /** The card, through the reader. */
  readonly card: ApduChannel;
  readonly psams: PsamProvider;
  /** The purse application's DF name. */
  readonly aid: Uint8Array;
  readonly kind: PurseApplicationKind;
  readonly journal: PurseJournal;
  /** Which seq the card's GET TRANSACTION PROVE takes (cards differ): the one INITIALIZE returned, or the next. */
  readonly proveSequence: 'used' | 'next';
  /** The order of GET TRANSACTION PROVE's answer on this card (default `mac2-tac`). */
  readonly proveOrder?: 'mac2-tac' | 'tac-mac2';
  /** The SFI of the card's transaction log, read to tell whether a transaction in doubt happened (default 0x18). */
  readonly logSfi?: number;
  /** The SFI of its load log, on cards that keep loads apart (the Changsha layout: 0x1A); default `logSfi`. */
  readonly loadLogSfi?: number;
  /** Recompute, with a PSAM, the TAC of a recovered purchase whose proof the card no longer keeps (default true). */
  readonly recomputeTac?: boolean;
  /** The id of the PSAM's TAC master key (DELIVERY KEY P2, usage 0C) for that (default 1). */
  readonly tacKeyId?: number;
  /** How long a purchase waits for a free PSAM of the card's issuer, ms (default 0). */
  readonly psamWaitMs?: number;
  /** Reads the selected card's issuer and dispersion factors (its public data file). */
  identify(card: ApduChannel): Promise<CardIdentity>;
  /** A new id for a journal entry (unique within the journal). */
  newId(): string;
}
