import { At88RangeError } from './errors.ts';

/** Argument checks of the drivers: run before anything is sent, so a bad request sends nothing. */

/** `length` bytes from `address` must lie within an area of `size` bytes. */
export function checkSpan(field: string, address: number, length: number, size: number): void {
  if (!Number.isInteger(address) || address < 0 || !Number.isInteger(length) || length < 0 || address + length > size) {
    throw new At88RangeError(field, `${length} byte(s) at ${address} do not fit in 0..${size - 1}`);
  }
}

/** A whole number 0..count-1, e.g. a user zone. */
export function checkIndex(field: string, value: number, count: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    throw new At88RangeError(field, `must be 0..${count - 1}, got ${value}`);
  }
}

export function checkLength(field: string, bytes: Uint8Array, length: number): void {
  if (bytes.length !== length) throw new At88RangeError(field, `must be ${length} bytes, got ${bytes.length}`);
}
