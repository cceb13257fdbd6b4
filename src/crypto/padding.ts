/** Padding methods of ISO/IEC 9797-1 §6.3, for a block of `blockSize` bytes. */
export type PaddingMethod = 1 | 2;

/**
 * Method 1: zero bytes up to a whole number of blocks, none when the data already fills whole
 * blocks; empty data becomes one block of zeros. Method 2: one 0x80 byte, then zero bytes up to a
 * whole number of blocks, always (a full 80 00 … block when the data fills whole blocks).
 * [ISO/IEC 9797-1:2011 §6.3.1, §6.3.2]
 */
export function pad(data: Uint8Array, blockSize: number, method: PaddingMethod): Uint8Array {
  const body = method === 2 ? data.length + 1 : Math.max(data.length, 1);
  const out = new Uint8Array(Math.ceil(body / blockSize) * blockSize);
  out.set(data);
  if (method === 2) out[data.length] = 0x80;
  return out;
}
