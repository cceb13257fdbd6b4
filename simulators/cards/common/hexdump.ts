import { hexByte } from '../../../src/core/hex.ts';

/**
 * Rows of 16 bytes: "0010: A2 13 10 91 ...". `mark(address)` may return a one-character flag shown
 * after the byte (e.g. "*" for a write-protected byte), so protection is visible at a glance.
 */
export function hexDump(bytes: Uint8Array, options: { base?: number; mark?: (address: number) => string } = {}): string {
  const base = options.base ?? 0;
  const mark = options.mark;
  const width = Math.max(4, (base + bytes.length - 1).toString(16).length);
  const rows: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const cells: string[] = [];
    for (let i = offset; i < Math.min(offset + 16, bytes.length); i++) {
      cells.push(hexByte(bytes[i] ?? 0) + (mark ? mark(base + i) || ' ' : ''));
    }
    rows.push(`${(base + offset).toString(16).toUpperCase().padStart(width, '0')}: ${cells.join(mark ? '' : ' ')}`.trimEnd());
  }
  return rows.join('\n');
}

/** Bits of a byte MSB first, "0000 0111". */
export function bits(value: number): string {
  const text = (value & 0xff).toString(2).padStart(8, '0');
  return `${text.slice(0, 4)} ${text.slice(4)}`;
}
