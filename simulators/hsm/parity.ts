/** DES keys carry odd parity in the low bit of every byte. [FIPS 46-3 §2, key bits 8, 16, …, 64] */
export function hasOddParity(key: Uint8Array): boolean {
  return key.every((byte) => bitCount(byte) % 2 === 1);
}

/** The key with each byte's low bit set so the byte has odd parity. */
export function withOddParity(key: Uint8Array): Uint8Array {
  return key.map((byte) => (bitCount(byte & 0xfe) % 2 === 1 ? byte & 0xfe : byte | 0x01));
}

function bitCount(byte: number): number {
  let count = 0;
  for (let b = byte; b !== 0; b >>= 1) count += b & 1;
  return count;
}
