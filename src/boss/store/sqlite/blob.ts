/** better-sqlite3 binds Buffers as BLOBs and returns them as Buffers; the ledger speaks Uint8Array. */
export function toBlob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function fromBlob(blob: Buffer): Uint8Array {
  return Uint8Array.from(blob);
}
