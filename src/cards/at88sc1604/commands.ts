import type { BitField } from '../at88sc102/family.ts';

/** The AT88SC1604 is driven exactly like the AT88SC102; it shares the family's chip-command encoding. */
export { AT88_OP, readBits, writeBits, eraseAt, compareCode, blowFuse, decodeAt88Command } from '../at88sc102/family.ts';
export type { BitField, DecodedAt88Command } from '../at88sc102/family.ts';

/** One of the four application zones: its security code, erase key, counters and data. */
export interface At88sc1604Zone {
  readonly sc: BitField;
  /** Attempts counter of the zone security code; only zone 1 has one. */
  readonly sac?: BitField;
  readonly ez: BitField;
  readonly eac: BitField;
  readonly az: BitField;
}

const field = (name: string, byte: number, bytes: number): BitField => ({ name, start: byte * 8, bits: bytes * 8 });

/**
 * AT88SC1604 memory map, in bit addresses (byte address × 8). The byte addresses of every code and
 * counter come from a production reader firmware [sqf-ice/Mygit smartcard/MEMORY/sc102_1604.c:
 * SC 0x0A (8 tries), SC1 0x15 (8), EZ1 0x18 (8), SC2 0x4C6 (no counter), EZ2 0x4C8 (8), SC3 0x5CB,
 * EZ3 0x5CD, SC4 0x6D0, EZ4 0x6D2]; the zone sizes follow from them (1195 + 3 × 256 bytes =
 * 15,704 bits of application memory, the capacity Chinese datasheet digests quote
 * [zgznk.com news37 "storage capacity of 15,704"]). The Atmel datasheet itself was not found.
 */
export const AT88SC1604_MAP = {
  fz: field('FZ', 0x000, 2),
  iz: field('IZ', 0x002, 8),
  sc: field('SC', 0x00a, 2),
  scac: field('SCAC', 0x00c, 1),
  cpz: field('CPZ', 0x00d, 8),
  mtz: field('MTZ', 0x7d5, 2),
  /** Fab fuse: blown by Atmel before shipping (FZ locked). Address not published; chosen after MTZ. */
  fuse1: field('FUSE1', 0x7d7, 1),
  /** Issuer fuse: blown at the end of personalisation. [ee.mweda.com 196682 "芯片熔丝FUSE2熔断之后"] Address chosen. */
  fuse2: field('FUSE2', 0x7d8, 1),
} as const satisfies Record<string, BitField>;

export const AT88SC1604_ZONES: readonly [At88sc1604Zone, At88sc1604Zone, At88sc1604Zone, At88sc1604Zone] = [
  {
    sc: field('SC1', 0x015, 2),
    sac: field('S1AC', 0x017, 1),
    ez: field('EZ1', 0x018, 2),
    eac: field('E1AC', 0x01a, 1),
    az: field('AZ1', 0x01b, 1195),
  },
  { sc: field('SC2', 0x4c6, 2), ez: field('EZ2', 0x4c8, 2), eac: field('E2AC', 0x4ca, 1), az: field('AZ2', 0x4cb, 256) },
  { sc: field('SC3', 0x5cb, 2), ez: field('EZ3', 0x5cd, 2), eac: field('E3AC', 0x5cf, 1), az: field('AZ3', 0x5d0, 256) },
  { sc: field('SC4', 0x6d0, 2), ez: field('EZ4', 0x6d2, 2), eac: field('E4AC', 0x6d4, 1), az: field('AZ4', 0x6d5, 256) },
];

/** 16,072 bits (2009 bytes): memory map up to MTZ, then the two fuse bytes. */
export const AT88SC1604_BITS = 0x7d9 * 8;

/**
 * Erase unit: one byte. The 1604's fields are byte-aligned but not word-aligned (SCAC is the single
 * byte 0x00C, AZ1 starts at the odd byte 0x01B), so a 16-bit erase unit would straddle fields;
 * inferred, not from the datasheet.
 */
export const AT88SC1604_ERASE_UNIT_BITS = 8;

/** Eight attempts per counter. [ee.mweda.com 196682 "最多连续8次不正确的密码比较"; sqf-ice try_times 8] */
export const AT88SC1604_ATTEMPTS = 8;

/** Write/erase cycle: 5 ms. [zgznk.com news37 "write cycle is 5ms"] */
export const AT88SC1604_CYCLE_MICROS = 5000;

/**
 * Transport security code (SC) of blank cards: F0 F0, as on the AT88SC102; not published for this
 * part. Zone codes and erase keys ship erased (FF FF), like the AT88SC102's erase keys.
 */
export const AT88SC1604_DEFAULT_SC = Uint8Array.of(0xf0, 0xf0);

/** Fabrication zone of blank cards: not published; 0F 0F as on the AT88SC102. */
export const AT88SC1604_FABRICATION_ZONE = Uint8Array.of(0x0f, 0x0f);
