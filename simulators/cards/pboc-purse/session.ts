import type { PurseKey } from './profile.ts';

/** What the card keeps between INITIALIZE and its CREDIT or DEBIT: volatile, gone at reset or power-off. */
export type PurseSession = LoadSession | PurchaseSession;

export interface LoadSession {
  readonly kind: 'load';
  readonly type: number;
  readonly amount: number;
  readonly terminal: Uint8Array;
  /** The online sequence number INITIALIZE returned. */
  readonly seq: number;
  readonly sessionKey: Uint8Array;
}

export interface PurchaseSession {
  readonly kind: 'purchase';
  readonly type: number;
  readonly amount: number;
  readonly terminal: Uint8Array;
  /** The offline sequence number INITIALIZE returned. */
  readonly seq: number;
  readonly random: Uint8Array;
  readonly key: PurseKey;
}
