/**
 * What the vpcd bridge needs from the reader emulator: its slots (the layer below CCID, so the same
 * firmware answers over vpcd as over CCID) and a signal when cards move. `ReaderEmulator` and its
 * `EmulatedSlot` satisfy these structurally; tests can hand in a programmable slot instead.
 */
export interface VpcdSlot {
  readonly index: number;
  /** The inserted card, compared by identity only: a different object is a different card. */
  readonly card: object | undefined;
  readonly powered: boolean;
  /** Powers the card and returns the reader's ATR; throws CardMuteError with no card. */
  powerOn(): Promise<Uint8Array>;
  powerOff(): Promise<void>;
  /** One command APDU through the card's firmware; throws CardMuteError when the card is mute. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface VpcdSlotSource {
  readonly slots: readonly VpcdSlot[];
  /**
   * Interrupt-IN messages of the reader (NotifySlotChange, CCID 1.1 §6.3.1). The bridge only takes
   * them as "a card may have moved" and looks at the slots again; returns an unsubscribe function.
   */
  onInterrupt(listener: (message: Uint8Array) => void): () => void;
}
