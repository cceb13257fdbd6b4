import { toCompactHex } from '../../core/hex.ts';
import { HsmRefusal } from '../errors.ts';

/**
 * Reads the fixed-order ASCII fields of a request or answer body, left to right. A field that is cut
 * short or missing is a length error (`80`), one of the wrong form a field error (`15`); either
 * names the field. Both sides use it: the emulator on requests, the client on answers.
 */
export class FieldReader {
  private offset = 0;

  constructor(private readonly text: string) {}

  /** Characters not read yet. */
  get remaining(): number {
    return this.text.length - this.offset;
  }

  /** The next `length` characters as they are. */
  take(field: string, length: number): string {
    if (this.remaining < length) throw new HsmRefusal('80', field, `needs ${length} characters, ${this.remaining} left`);
    const value = this.text.slice(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** `chars` hex digits (either case) as bytes. */
  hex(field: string, chars: number): Uint8Array {
    const value = this.take(field, chars);
    if (!/^[0-9A-Fa-f]*$/.test(value)) throw new HsmRefusal('15', field, `${JSON.stringify(value)} is not ${chars} hex digits`);
    return Uint8Array.from(Buffer.from(value, 'hex'));
  }

  /** `chars` decimal digits as a number. */
  decimal(field: string, chars: number): number {
    const value = this.take(field, chars);
    if (!/^\d+$/.test(value)) throw new HsmRefusal('15', field, `${JSON.stringify(value)} is not ${chars} decimal digits`);
    return Number(value);
  }

  /** `chars` decimal digits kept as text (a date, a time). */
  digits(field: string, chars: number): string {
    const value = this.take(field, chars);
    if (!/^\d+$/.test(value)) throw new HsmRefusal('15', field, `${JSON.stringify(value)} is not ${chars} decimal digits`);
    return value;
  }

  /** One of the listed values, all of the same length. */
  choice<T extends string>(field: string, options: readonly T[]): T {
    const value = this.take(field, options[0]!.length);
    if (!(options as readonly string[]).includes(value)) throw new HsmRefusal('15', field, `${JSON.stringify(value)} is not one of ${options.join(', ')}`);
    return value as T;
  }

  /** A data length (4 hex digits, bytes) then that many bytes as hex. */
  data(field: string): Uint8Array {
    const length = this.hex(`${field} length`, 4);
    return this.hex(field, ((length[0]! << 8) | length[1]!) * 2);
  }

  /** Every field was read: characters left over make the message too long. */
  end(): void {
    if (this.remaining > 0) throw new HsmRefusal('80', 'message', `${this.remaining} characters after the last field`);
  }
}

/** Bytes as upper-case hex, the form of every binary field. */
export const hexField = toCompactHex;

/** A data field: 4 hex digits of length in bytes, then the bytes as hex. */
export function dataField(bytes: Uint8Array): string {
  if (bytes.length > 0xffff) throw new RangeError(`data of ${bytes.length} bytes does not fit a 4-hex-digit length`);
  return `${bytes.length.toString(16).toUpperCase().padStart(4, '0')}${toCompactHex(bytes)}`;
}
