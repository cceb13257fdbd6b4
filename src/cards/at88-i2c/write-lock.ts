/**
 * Write lock mode (access register WLM = 0): the first byte of each 8-byte block of a user zone
 * holds one lock bit per byte of the block, bit n for byte n, 0 = locked; the lock byte locks itself
 * through bit 0 [1016 p9 "Write Lock Mode"; CryptoMemory 8664C §6.2.3 describes the same 8-byte
 * rule; UNVERIFIED for the AT88SC1608, whose page is 16 bytes but whose lock block is taken as 8].
 */
export const WRITE_LOCK_BLOCK = 8;

/** Address, inside the zone, of the lock byte that governs `address`. */
export function lockByteAddress(address: number): number {
  return address - (address % WRITE_LOCK_BLOCK);
}

export function isLockByte(address: number): boolean {
  return address % WRITE_LOCK_BLOCK === 0;
}

/** Whether the byte at `address` of `zone` (the zone's own bytes, from its address 0) is locked. */
export function isWriteLocked(zone: ArrayLike<number>, address: number): boolean {
  const lockByte = zone[lockByteAddress(address)] ?? 0xff;
  return ((lockByte >> (address % WRITE_LOCK_BLOCK)) & 1) === 0;
}
