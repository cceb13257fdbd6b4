import { RDR_TO_PC_INTERRUPT } from '../../src/reader/ccid/constants.ts';

/**
 * RDR_to_PC_NotifySlotChange (CCID 1.1 §6.3.1): `50` then bmSlotICCState, two bits per slot from
 * the least significant end: bit 0 card present, bit 1 changed since the last report; as many bytes
 * as the slots need (libccid tests byte slot/4 + 1, src/ccid_usb.c).
 */
export function encodeNotifySlotChange(present: readonly boolean[], changed: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(1 + Math.ceil((present.length * 2) / 8));
  out[0] = RDR_TO_PC_INTERRUPT.NotifySlotChange;
  present.forEach((isPresent, slot) => {
    const bits = (isPresent ? 1 : 0) | (changed[slot] ? 2 : 0);
    out[1 + (slot >> 2)]! |= bits << ((slot & 3) * 2);
  });
  return out;
}

/**
 * Reports card movement on the interrupt pipe. A change is reported once: the changed bits are
 * cleared when a notification carrying them goes out. While nobody listens (the host is not
 * polling the interrupt endpoint), changes accumulate and go to the next listener that subscribes.
 */
export class SlotChangeNotifier {
  private readonly changed: boolean[];
  private readonly listeners = new Set<(message: Uint8Array) => void>();

  constructor(
    slotCount: number,
    private readonly isPresent: (slot: number) => boolean,
  ) {
    this.changed = new Array<boolean>(slotCount).fill(false);
  }

  markChanged(slot: number): void {
    this.changed[slot] = true;
    this.flush();
  }

  subscribe(listener: (message: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    this.flush();
    return () => this.listeners.delete(listener);
  }

  private flush(): void {
    if (this.listeners.size === 0 || !this.changed.includes(true)) return;
    const present = this.changed.map((_, slot) => this.isPresent(slot));
    const message = encodeNotifySlotChange(present, this.changed);
    this.changed.fill(false);
    for (const listener of [...this.listeners]) listener(Uint8Array.from(message));
  }
}
