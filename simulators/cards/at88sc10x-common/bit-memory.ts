import type { Eeprom } from '../common/eeprom.ts';

/**
 * The bit-addressed view of an AT88SC secure memory over the shared Eeprom. Bit address n is bit
 * (7 − n mod 8) of byte ⌊n/8⌋: the chip clocks bits out in address order and stbpay packs them most
 * significant bit first. Every programming goes through Eeprom.program, one call per byte touched:
 * a write pulse clears one bit ('write' with that bit 0), an erase pulse sets the bytes of its unit
 * to FF ('erase', one call per byte), so power-loss injection counts and tears at byte granularity.
 */
export class BitMemory {
  constructor(readonly eeprom: Eeprom) {}

  get bits(): number {
    return this.eeprom.size * 8;
  }

  bit(address: number): 0 | 1 {
    return (((this.eeprom.cells[address >> 3] ?? 0xff) >> (7 - (address & 7))) & 1) as 0 | 1;
  }

  /** `count` bytes from bit `address`; a bit for which `visible` is false reads as 1. */
  readBytes(address: number, count: number, visible: (bit: number) => boolean): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count * 8; i++) {
      const bit = address + i;
      const value = bit < this.bits && visible(bit) ? this.bit(bit) : 1;
      if (value === 1) out[i >> 3]! |= 0x80 >> (i & 7);
    }
    return out;
  }

  /** One write pulse: the bit becomes 0. */
  clearBit(address: number): void {
    this.eeprom.program(address >> 3, ~(0x80 >> (address & 7)) & 0xff, 'write');
  }

  /** One erase pulse over whole bytes [first, end). */
  eraseBytes(first: number, end: number): void {
    for (let byte = first; byte < end; byte++) this.eeprom.program(byte, 0xff, 'erase');
  }

  /** Writes every bit of the bit range to 0, one program call per byte touched (fuse blowing). */
  clearRange(start: number, bits: number): void {
    for (let byte = start >> 3; byte <= (start + bits - 1) >> 3; byte++) {
      let mask = 0;
      for (let k = 0; k < 8; k++) {
        const bit = byte * 8 + k;
        if (bit >= start && bit < start + bits) mask |= 0x80 >> k;
      }
      this.eeprom.program(byte, ~mask & 0xff, 'write');
    }
  }
}
