import { RDR_TO_PC_INTERRUPT } from '../ccid/constants.ts';

/** What one NotifySlotChange says about one slot (CCID 1.1 §6.3.1). */
export interface SlotChange {
  readonly present: boolean;
  readonly changed: boolean;
}

/**
 * Reads slot `slot` out of a RDR_to_PC_NotifySlotChange message: 50, then bmSlotICCState with two
 * bits per slot, slot 0 in bits 1..0 of the first byte (bit 0 card present, bit 1 changed).
 * Undefined when the message is another interrupt or does not reach that slot.
 */
export function slotChange(message: Uint8Array, slot: number): SlotChange | undefined {
  if (message[0] !== RDR_TO_PC_INTERRUPT.NotifySlotChange) return undefined;
  const byte = message[1 + Math.floor(slot / 4)];
  if (byte === undefined) return undefined;
  const bits = (byte >> (2 * (slot % 4))) & 0x03;
  return { present: (bits & 0x01) !== 0, changed: (bits & 0x02) !== 0 };
}
