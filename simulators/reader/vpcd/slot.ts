import type { EmulatedSlot } from '../slot.ts';

/**
 * What the vpcd bridge needs from one of the reader emulator's slots (the layer below CCID, so the
 * same firmware answers over vpcd as over CCID): EmulatedSlot's power and transmit contract, with
 * the card seen only as an identity (a different object is a different card), so that tests can
 * hand in a programmable slot instead.
 */
export type VpcdSlot = Pick<EmulatedSlot, 'index' | 'powered' | 'powerOn' | 'powerOff' | 'transmit'> & {
  readonly card: object | undefined;
};

export interface VpcdSlotSource {
  readonly slots: readonly VpcdSlot[];
  /**
   * Interrupt-IN messages of the reader (NotifySlotChange, CCID 1.1 §6.3.1). The bridge only takes
   * them as "a card may have moved" and looks at the slots again; returns an unsubscribe function.
   */
  onInterrupt(listener: (message: Uint8Array) => void): () => void;
}
