import type { BitField } from '../../../src/cards/at88sc102/family.ts';
import { bits, hexDump } from '../common/hexdump.ts';
import type { CounterSpec } from './security-state.ts';

/** Bit n of the memory (clock order, MSB first in each byte). */
export function bitAt(cells: Uint8Array, address: number): number {
  return ((cells[address >> 3] ?? 0xff) >> (7 - (address & 7))) & 1;
}

function range(field: BitField): string {
  return `${field.start}-${field.start + field.bits - 1}`;
}

/** "SC    bits 80-95        F0 F0" (hex for byte-aligned fields, bits otherwise). */
export function fieldLine(cells: Uint8Array, field: BitField): string {
  const aligned = field.start % 8 === 0 && field.bits % 8 === 0;
  let content: string;
  if (aligned && field.bits <= 64) {
    content = Array.from(cells.slice(field.start / 8, (field.start + field.bits) / 8), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  } else if (aligned) {
    content = `${field.bits / 8} bytes, see dump`;
  } else {
    content = Array.from({ length: field.bits }, (_, i) => bitAt(cells, field.start + i)).join('');
  }
  return `  ${field.name.padEnd(18)} bits ${range(field).padEnd(12)} ${content}`;
}

/** "SCAC 1110 0000 … → 3 of 4 attempts left" (or "LOCKED"). */
export function counterLine(cells: Uint8Array, label: string, counter: CounterSpec, unit = 'attempts'): string {
  const raw = cells.slice(counter.field.start >> 3, (counter.field.start + counter.field.bits + 7) >> 3);
  let left = 0;
  for (let i = 0; i < counter.countedBits; i++) left += bitAt(cells, counter.field.start + i);
  const shown = counter.field.bits <= 16 ? Array.from(raw, bits).join(' ') : `${raw.length} bytes`;
  return `  ${label.padEnd(18)} ${shown.padEnd(20)} -> ${left} of ${counter.countedBits} ${unit} left${left === 0 ? ' (LOCKED)' : ''}`;
}

/** The whole memory, 16 bytes a row; `mark` flags bytes (e.g. "!" code fields, "*" not writable now). */
export function memoryDump(cells: Uint8Array, mark: (byte: number) => string): string {
  return hexDump(cells, { mark });
}
