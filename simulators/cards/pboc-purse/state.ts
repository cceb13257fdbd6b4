import { uintBytes } from '../../../src/core/hex.ts';

/** One 23-byte transaction detail record. [psam_hsm.md §1.5] */
export interface PurseRecord {
  /** The transaction's sequence number after the card incremented it (as the traced COS stores it). */
  readonly seq: number;
  readonly overdraftLimit: number;
  readonly amount: number;
  /** Transaction-type identifier: 01 ED load, 02 EP load, 05 ED purchase, 06 EP purchase, 09 CAPP purchase. */
  readonly type: number;
  readonly terminal: Uint8Array;
  /** YYYYMMDD, BCD. */
  readonly date: Uint8Array;
  /** hhmmss, BCD. */
  readonly time: Uint8Array;
}

/** MAC2 and TAC of a completed transaction, for GET TRANSACTION PROVE. */
export interface PurseProof {
  readonly type: number;
  /** The sequence number INITIALIZE returned for the transaction. */
  readonly seq: number;
  readonly mac2: Uint8Array;
  readonly tac: Uint8Array;
}

/**
 * What the purse keeps in non-volatile memory. A CREDIT or DEBIT replaces it whole, in one commit:
 * a power loss leaves either the state before or the state after, never a mix.
 */
export interface PurseState {
  /** Fen. */
  readonly balance: number;
  /** Counts loads (the online transaction sequence number), 2 bytes. */
  readonly onlineSeq: number;
  /** Counts purchases (the offline transaction sequence number), 2 bytes. */
  readonly offlineSeq: number;
  /** Newest first, at most the profile's logSize. */
  readonly log: readonly PurseRecord[];
  /** The proofs of the newest completed transactions (PROOFS_KEPT of them, any type), newest first. */
  readonly proofs: readonly PurseProof[];
}

export const EMPTY_PURSE: PurseState = { balance: 0, onlineSeq: 0, offlineSeq: 0, log: [], proofs: [] };

/** The record as READ RECORD returns it: seq(2) ‖ overdraft(3) ‖ amount(4) ‖ type(1) ‖ terminal(6) ‖ date(4) ‖ time(3). */
export function encodeRecord(record: PurseRecord): Uint8Array {
  const out = new Uint8Array(23);
  const view = new DataView(out.buffer);
  view.setUint16(0, record.seq);
  out.set(uintBytes(record.overdraftLimit, 3), 2);
  view.setUint32(5, record.amount);
  out[9] = record.type;
  out.set(record.terminal, 10);
  out.set(record.date, 16);
  out.set(record.time, 20);
  return out;
}
