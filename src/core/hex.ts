import { InputError } from './errors.ts';

/**
 * Parses hex written the way people write it: "A2 13 10 91", "a2131091", "A2:13:10:91", "0xA2 0x13".
 * Throws an InputError naming `field` and the first offending character.
 */
export function parseHex(text: string, field = 'hex'): Uint8Array {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s:,_-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(cleaned);
  if (bad) {
    throw new InputError(field, `'${bad[0]}' is not a hex digit in "${text}"`);
  }
  if (cleaned.length % 2 !== 0) {
    throw new InputError(field, `odd number of hex digits (${cleaned.length}) in "${text}"`);
  }
  return Uint8Array.from(Buffer.from(cleaned, 'hex'));
}

/** Spaced upper-case hex, "A2 13 10 91": the form used in vectors, evidence and reports. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Compact upper-case hex, "A2131091": the form used in card image files. */
export function toCompactHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** One byte as two upper-case hex digits. */
export function hexByte(value: number): string {
  return (value & 0xff).toString(16).padStart(2, '0').toUpperCase();
}

/** A 16-bit value as four upper-case hex digits, "072F": USB vendor and product ids. */
export function hexWord(value: number): string {
  return `${hexByte(value >> 8)}${hexByte(value)}`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The parts joined in order into one new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `value` as `length` big-endian bytes (a non-negative integer that fits). */
export function uintBytes(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}
