/**
 * The three fuses of both parts, blown in this order only: FAB (chip maker), CMA (card maker), PER
 * (issuer) [1016 "Fuses"; 0971H p8; CryptoMemory 5211C "Write Fuses"]. A fuse is a bit of the fuse
 * byte, 1 while intact. Bit positions: from the Decard reader SDK for the AT88SC153 (dcrf32.h
 * "00000F2F1F0", F0 = FAB); UNVERIFIED for the AT88SC1608, which is taken to use the same
 * (CryptoMemory) layout.
 */
export const FUSE_BIT = { FAB: 0x01, CMA: 0x02, PER: 0x04 } as const;
export type FuseName = keyof typeof FUSE_BIT;
export const FUSE_ORDER: readonly FuseName[] = ['FAB', 'CMA', 'PER'];

export function fuseIntact(fuseByte: number, fuse: FuseName): boolean {
  return (fuseByte & FUSE_BIT[fuse]) !== 0;
}
