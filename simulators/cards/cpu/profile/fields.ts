import { parseHex } from '../../../../src/core/hex.ts';
import { CpuProfileError } from './errors.ts';

/** Reads one JSON object of a profile, naming `path` in every error. */
export class FieldReader {
  readonly record: Record<string, unknown>;

  constructor(
    readonly origin: string,
    readonly path: string,
    value: unknown,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail('', 'must be a JSON object');
    this.record = value as Record<string, unknown>;
  }

  fail(field: string, detail: string): never {
    throw new CpuProfileError(this.origin, this.at(field), detail);
  }

  at(field: string): string {
    if (field === '') return this.path === '' ? '(top)' : this.path;
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  has(field: string): boolean {
    return this.record[field] !== undefined;
  }

  integer(field: string, min: number, max: number, fallback?: number): number {
    const value = this.record[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be a whole number from ${min} to ${max}, found ${JSON.stringify(value)}`);
    }
    return value;
  }

  string(field: string): string {
    const value = this.record[field];
    if (typeof value !== 'string') this.fail(field, `must be a string, found ${JSON.stringify(value)}`);
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.record[field];
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, found ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  hex(field: string, minLength: number, maxLength: number): Uint8Array {
    const text = this.string(field);
    let bytes: Uint8Array;
    try {
      bytes = parseHex(text, this.at(field));
    } catch (error) {
      this.fail(field, `not hex (${(error as Error).message})`);
    }
    if (bytes.length < minLength || bytes.length > maxLength) {
      const range = minLength === maxLength ? `${minLength}` : `${minLength} to ${maxLength}`;
      this.fail(field, `must be ${range} bytes, found ${bytes.length}`);
    }
    return bytes;
  }

  /** Four hex digits, as a 16-bit file identifier. */
  fid(field: string): number {
    const text = this.string(field);
    if (!/^[0-9a-fA-F]{4}$/.test(text)) this.fail(field, `must be four hex digits, found ${JSON.stringify(text)}`);
    return Number.parseInt(text, 16);
  }

  array(field: string): unknown[] {
    const value = this.record[field] ?? [];
    if (!Array.isArray(value)) this.fail(field, 'must be a JSON array');
    return value;
  }
}
