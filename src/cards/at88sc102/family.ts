import { DecodeError } from '../../core/errors.ts';
import type { ChipCommand } from '../synchronous-card.ts';

/**
 * The chip-command encoding stbpay uses for Atmel's bit-addressed secure memories (AT88SC102,
 * AT88SC1604). These parts have no command bytes: the host drives pins — RST resets the address
 * counter to bit 0, each CLK pulse moves it one bit on, I/O carries the bit, a PGM pulse with I/O
 * low writes (clears) the bit under the counter and with I/O high erases its erase unit, and in a
 * code field the bits clocked in on I/O are compared with the stored code. [AT88SC102 §2 pin
 * table: RST "Address Reset", CLK "Clock and Address Control", PGM "Programming Control",
 * FUS "Fuse"] Each datasheet operation below becomes one ChipCommand; a reader's firmware turns
 * it into the pin sequence (RST pulse, `address` CLK pulses, then the operation).
 *
 * Addresses are BIT addresses, exactly the decimal bit numbers of the datasheet memory maps
 * (a byte-aligned field at byte b starts at bit 8·b), sent as two bytes, most significant first.
 * Data bytes carry bits in clock order: the first bit clocked is the most significant bit.
 */
export const AT88_OP = {
  /** `52 AH AL`, read `readLength` bytes from bit A. Bits the host may not read come out as 1. */
  read: 0x52,
  /** `57 AH AL D…`: one write pulse per 0 bit of D (a 1 bit is just clocked past). Answers the bytes read back. */
  write: 0x57,
  /** `45 AH AL`: one erase pulse on the erase unit holding bit A (a validation erase in an attempts counter). Answers the unit read back. */
  erase: 0x45,
  /** `43 AH AL K…`: clock code K through the code field starting at bit A (SC, SCn, EZn). No answer. */
  compare: 0x43,
  /** `5A 0n`: the erase pulse that follows a matching erase-key comparison and erases all of application zone n (AT88SC102). */
  eraseZone: 0x5a,
  /** `46 AH AL`: RST high and a write pulse on the fuse at bit A (irreversible). */
  blowFuse: 0x46,
} as const;

export type At88Operation = keyof typeof AT88_OP;

const OPERATION_BY_BYTE: ReadonlyMap<number, At88Operation> = new Map(
  (Object.entries(AT88_OP) as [At88Operation, number][]).map(([name, byte]) => [byte, name]),
);

/** A field of a memory map, in bits. */
export interface BitField {
  readonly name: string;
  readonly start: number;
  readonly bits: number;
}

export function fieldEnd(field: BitField): number {
  return field.start + field.bits;
}

export function inField(field: BitField, bit: number): boolean {
  return bit >= field.start && bit < fieldEnd(field);
}

function addressBytes(address: number): [number, number] {
  if (!Number.isInteger(address) || address < 0 || address > 0xffff) {
    throw new RangeError(`bit address ${address} does not fit the 16-bit address of the encoding`);
  }
  return [address >> 8, address & 0xff];
}

export function readBits(address: number, byteCount?: number): ChipCommand {
  const bytes = Uint8Array.of(AT88_OP.read, ...addressBytes(address));
  return byteCount === undefined ? { bytes } : { bytes, readLength: byteCount };
}

export function writeBits(address: number, data: Uint8Array): ChipCommand {
  if (data.length === 0) throw new RangeError('a write needs at least one data byte');
  return { bytes: Uint8Array.of(AT88_OP.write, ...addressBytes(address), ...data) };
}

export function eraseAt(address: number): ChipCommand {
  return { bytes: Uint8Array.of(AT88_OP.erase, ...addressBytes(address)) };
}

export function compareCode(address: number, code: Uint8Array): ChipCommand {
  if (code.length === 0) throw new RangeError('a comparison needs the code bytes');
  return { bytes: Uint8Array.of(AT88_OP.compare, ...addressBytes(address), ...code) };
}

export function eraseZone(zone: number): ChipCommand {
  return { bytes: Uint8Array.of(AT88_OP.eraseZone, zone & 0xff) };
}

export function blowFuse(address: number): ChipCommand {
  return { bytes: Uint8Array.of(AT88_OP.blowFuse, ...addressBytes(address)) };
}

export type DecodedAt88Command =
  | { readonly op: 'read'; readonly address: number }
  | { readonly op: 'write' | 'compare'; readonly address: number; readonly data: Uint8Array }
  | { readonly op: 'erase' | 'blowFuse'; readonly address: number }
  | { readonly op: 'eraseZone'; readonly zone: number };

/** Decodes command bytes; a DecodeError names what is wrong (the card NACKs such a command). */
export function decodeAt88Command(bytes: Uint8Array): DecodedAt88Command {
  const op = bytes[0] === undefined ? undefined : OPERATION_BY_BYTE.get(bytes[0]);
  if (op === undefined) throw new DecodeError('unknown AT88SC secure-memory operation byte', bytes);
  if (op === 'eraseZone') {
    if (bytes.length !== 2) throw new DecodeError('erase zone is 2 bytes: 5A 0n', bytes);
    return { op, zone: bytes[1] ?? 0 };
  }
  if (bytes.length < 3) throw new DecodeError(`${op} needs a 2-byte bit address`, bytes);
  const address = ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
  if (op === 'write' || op === 'compare') {
    if (bytes.length < 4) throw new DecodeError(`${op} needs at least one data byte`, bytes);
    return { op, address, data: bytes.slice(3) };
  }
  if (bytes.length !== 3) throw new DecodeError(`${op} takes no data bytes`, bytes);
  return { op, address };
}
