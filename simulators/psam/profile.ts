/**
 * Key usage attributes of a PSAM key (the low 5 bits of DELIVERY KEY's P1). [psam_hsm.md §2.4]
 */
export const KEY_USAGE = {
  master: 0x00,
  purchase: 0x02,
  maintenance: 0x05,
  mac: 0x06,
  encrypt: 0x07,
  macEncrypt: 0x08,
  load: 0x09,
  tac: 0x0c,
} as const;

/** One issuer master key held by the PSAM: never read out, only used. */
export interface PsamKey {
  /** A KEY_USAGE value. */
  readonly usage: number;
  /** The key id or version: P2 of DELIVERY KEY, the purchase key version of INIT SAM FOR PURCHASE. */
  readonly id: number;
  /** 16 bytes. */
  readonly value: Uint8Array;
}

export interface PsamProfile {
  /** The 6-byte terminal number (MF EF 16), which MAC1 and the TAC carry. */
  readonly terminalNumber: Uint8Array;
  readonly keys: readonly PsamKey[];
  /**
   * With more than one dispersion factor, which is applied first. `last-first`: the last factor (the
   * issuer or city level) and then the earlier ones, down to the card's own serial number. No public
   * vector fixes this; a COS that differs sets `first-first`.
   */
  readonly dispersionOrder: 'last-first' | 'first-first';
}

/** What a PSAM keeps in non-volatile memory besides its keys. */
export interface PsamState {
  /** The terminal transaction sequence number (DF EF 19), incremented by every INIT SAM FOR PURCHASE. */
  readonly terminalSeq: number;
}
