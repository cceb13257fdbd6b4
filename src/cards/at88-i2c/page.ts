/**
 * Page arithmetic of a page write (8 bytes on the AT88SC153, 16 on the AT88SC1608 [1016 Features;
 * 0971H p1]). As in Atmel's two-wire EEPROMs the chip increments only the low address bits while
 * data comes in: past the end of the page the address rolls over to the page start.
 */

/** Address that the `index`-th data byte of a page write starting at `address` lands on. */
export function pageSlot(address: number, index: number, pageSize: number): number {
  const base = address - (address % pageSize);
  return base + ((address + index) % pageSize);
}

/** A run of bytes that stays inside one page: `length` bytes of the data from `offset`, at `at`. */
export interface PageChunk {
  readonly at: number;
  readonly offset: number;
  readonly length: number;
}

/** Splits `length` bytes from `address` on page boundaries, so that no write has to roll over. */
export function pageChunks(address: number, length: number, pageSize: number): PageChunk[] {
  const chunks: PageChunk[] = [];
  for (let offset = 0; offset < length; ) {
    const at = address + offset;
    const chunk = Math.min(pageSize - (at % pageSize), length - offset);
    chunks.push({ at, offset, length: chunk });
    offset += chunk;
  }
  return chunks;
}
