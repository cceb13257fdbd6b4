/**
 * What the SLE44x2 and SLE44x8 firmware share: the pseudo-APDU instruction bytes (ACR38x-CCID
 * reference manual v6.04 §9.3.5/§9.3.6, ACR39x reference manual §8.3/§8.4) and the PROT-byte layout.
 */
export const INS = {
  selectCardType: 0xa4,
  readMemory: 0xb0,
  readErrorCounter: 0xb1,
  readProtection: 0xb2,
  writeMemory: 0xd0,
  writeProtection: 0xd1,
  presentCode: 0x20,
  changeCode: 0xd2,
} as const;

/** Protect flags (true = protected) packed as ACS PROT bytes: bit 0 of PROT1 = first byte, 0 = protected. */
export function packProtectionBits(protectedFlags: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(protectedFlags.length / 8)).fill(0xff);
  protectedFlags.forEach((isProtected, i) => {
    if (isProtected) out[i >> 3]! &= ~(1 << (i & 7));
  });
  return out;
}
