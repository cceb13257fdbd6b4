import { bits, hexDump } from '../common/hexdump.ts';
import { imageArea, makeImage, type CardImage } from '../common/image.ts';
import { toHex } from '../../../src/core/hex.ts';
import { ERROR_COUNTER_ADDRESS, PSC_ADDRESS, PSC_LENGTH, SLE4428_SIZE, attemptsLeft } from '../../../src/cards/sle4428/commands.ts';
import type { Sle4428Contents } from './card.ts';
import { PROTECTION_BYTES, type Sle4428Memory } from './memory.ts';

/**
 * Image areas: "memory" = the 1024 data bytes (counter and PSC included, at 3FD..3FF);
 * "protection" = 128 bytes, one bit per address, bit (a & 7) of byte (a >> 3), 1 = writable,
 * 0 = protected, as the chip stores it.
 */
export function sle4428ToImage(memory: Sle4428Memory): CardImage {
  return makeImage('SLE4428', { memory: memory.main.read(0, SLE4428_SIZE), protection: memory.protection.read(0, PROTECTION_BYTES) });
}

export function sle4428ContentsFromImage(image: CardImage): Sle4428Contents {
  return { memory: imageArea(image, 'memory', SLE4428_SIZE), protection: imageArea(image, 'protection', PROTECTION_BYTES) };
}

/** Readable dump: memory with '*' after protected bytes, counter in binary and attempts, PSC, state. */
export function dumpSle4428(memory: Sle4428Memory, state: { powered: boolean; verified: boolean }): string {
  const counter = memory.byte(ERROR_COUNTER_ADDRESS);
  const psc = memory.main.read(PSC_ADDRESS, PSC_LENGTH);
  const pscProtected = [0, 1].some((i) => memory.isProtected(PSC_ADDRESS + i));
  return [
    `SLE4428 — 1024 bytes, ${memory.protectedCount()} write-protected ('*' after a byte = protected)`,
    ...memoryRows(memory),
    `error counter 0x3FD: ${bits(counter)} = ${attemptsLeft(counter)} of 8 attempts left${counter === 0 ? ' — LOCKED for good' : ''}`,
    `PSC 0x3FE-0x3FF: ${toHex(psc)}${pscProtected ? ' (write-protected: cannot be changed)' : ''}`,
    `session: ${state.powered ? 'powered' : 'unpowered'}, PSC ${state.verified ? 'verified (writes allowed)' : 'not verified'}`,
  ].join('\n');
}

/** Rows of 16 bytes; runs of blank rows (all FF, none protected) fold into one line. */
function memoryRows(memory: Sle4428Memory): string[] {
  const lines: string[] = [];
  const mark = (a: number): string => (memory.isProtected(a) ? '*' : ' ');
  let blankFrom: number | undefined;
  const flush = (end: number): void => {
    if (blankFrom === undefined) return;
    const rows = (end - blankFrom) / 16;
    lines.push(`${hex4(blankFrom)}..${hex4(end - 1)}: FF (${rows} row${rows > 1 ? 's' : ''} erased, writable)`);
    blankFrom = undefined;
  };
  for (let row = 0; row < SLE4428_SIZE; row += 16) {
    const bytes = memory.main.read(row, 16);
    const blank = bytes.every((b, i) => b === 0xff && !memory.isProtected(row + i));
    if (blank && row !== SLE4428_SIZE - 16) {
      blankFrom ??= row;
      continue;
    }
    flush(row);
    lines.push(hexDump(bytes, { base: row, mark }));
  }
  return lines;
}

const hex4 = (value: number): string => value.toString(16).toUpperCase().padStart(4, '0');
