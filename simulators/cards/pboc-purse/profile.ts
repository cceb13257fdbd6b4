import type { PurseApplication } from './transaction-types.ts';

/** One purchase or load key of the purse (card level: already dispersed from the issuer's master key). */
export interface PurseKey {
  /** The key index the terminal names in INITIALIZE (1..255). */
  readonly index: number;
  readonly version: number;
  /** The algorithm identifier returned in INITIALIZE: 00 = 3DES session key, single-DES MAC. */
  readonly algorithm: number;
  /** 16 bytes. */
  readonly value: Uint8Array;
}

/** Where real cards differ, the profile says which behaviour this card has. [psam_hsm.md §1.2 notes] */
export interface PurseVariant {
  /**
   * Which sequence number GET TRANSACTION PROVE takes: `used`, the one INITIALIZE returned for the
   * transaction (before the card incremented it); `next`, that number plus one.
   */
  readonly proveSequence: 'used' | 'next';
  /** The order of GET TRANSACTION PROVE's answer: `mac2-tac` (default, as most cards) or `tac-mac2` (as DEBIT's). */
  readonly proveOrder?: 'mac2-tac' | 'tac-mac2';
  /**
   * Bytes appended to the MAC1 input of a CAPP purchase (type 09), and answered to GET DATA `80 CA 00
   * 00 Le`: the city card's authentication code of Chinese transport (MOHURD) cards, `85 ‖ UID ‖ UID`,
   * which the Changsha metro card requires. Absent on a standard PBOC purse. [psam_hsm.md §1.7]
   */
  readonly cappMac1Suffix?: Uint8Array;
}

export interface PurseProfile {
  /** ED (electronic deposit, INITIALIZE P2 01) or EP (electronic purse, P2 02). */
  readonly application: PurseApplication;
  readonly loadKeys: readonly PurseKey[];
  readonly purchaseKeys: readonly PurseKey[];
  /** The 16-byte TAC key; the TAC is computed under its halves XORed. */
  readonly tacKey: Uint8Array;
  /** Overdraft limit in fen, returned (3 bytes) by INITIALIZE FOR PURCHASE and kept in each log record. */
  readonly overdraftLimit: number;
  /** Most fen the purse may hold; a load past it is refused (6985). At most 0xFFFFFFFF. */
  readonly maxBalance: number;
  /** Records kept in the transaction log (cyclic, newest first). */
  readonly logSize: number;
  readonly variant: PurseVariant;
}
