import type { BitField } from './family.ts';

export { AT88_OP, readBits, writeBits, eraseAt, compareCode, eraseZone, blowFuse, decodeAt88Command } from './family.ts';
export type { BitField, DecodedAt88Command } from './family.ts';

/**
 * AT88SC102 memory map, in bit addresses. [AT88SC102 memory map table, bits 0–1567, as reproduced
 * in limpkin/mooltipass at88sc102_highlevel.h; byte addresses 0x0A (SC), 0x56 (EZ1), 0x9C (EZ2)
 * confirmed by ACS ACR38x/ACR39x manuals §"AT88SC101/102/1003" and sqf-ice/Mygit sc102_1604.c]
 */
export const AT88SC102_MAP = {
  /** Fabrication zone, programmed by Atmel. */
  fz: { name: 'FZ', start: 0, bits: 16 },
  /** Issuer zone: card issuer's records, read-only after personalisation. */
  iz: { name: 'IZ', start: 16, bits: 64 },
  /** Security code (the transport code until personalisation, then the user's code). */
  sc: { name: 'SC', start: 80, bits: 16 },
  /** Security code attempts counter; its first four bits count the attempts. */
  scac: { name: 'SCAC', start: 96, bits: 16 },
  /** Code protected zone. */
  cpz: { name: 'CPZ', start: 112, bits: 64 },
  az1: { name: 'AZ1', start: 176, bits: 512 },
  ez1: { name: 'EZ1', start: 688, bits: 48 },
  az2: { name: 'AZ2', start: 736, bits: 512 },
  ez2: { name: 'EZ2', start: 1248, bits: 32 },
  /** Application zone 2 erase counter: 128 erases of AZ2 while the EC2EN fuse is intact. */
  ec2: { name: 'EC2', start: 1280, bits: 128 },
  /** Memory test zone: free for any use, at any time. */
  mtz: { name: 'MTZ', start: 1408, bits: 16 },
  /** Manufacturer's zone, read-only once the manufacturer's fuse is blown. */
  mfz: { name: 'MFZ', start: 1424, bits: 16 },
  /** An erase pulse in this word (security level 1, code validated) erases the whole card but FZ, MTZ and MFZ. */
  blockErase: { name: 'BLOCK', start: 1440, bits: 16 },
  manufacturerFuse: { name: 'MANUFACTURER FUSE', start: 1456, bits: 16 },
  ec2enFuse: { name: 'EC2EN FUSE', start: 1529, bits: 1 },
  issuerFuse: { name: 'ISSUER FUSE', start: 1552, bits: 16 },
} as const satisfies Record<string, BitField>;

/** 1568 bits (196 bytes): the map above ends with the issuer fuse at 1552–1567. */
export const AT88SC102_BITS = 1568;

/** Erase unit outside an application-zone erase: a 16-bit word. [AT88SC102 §3.1 "Erase"; ACS ERASE_NON_APPLICATION_ZONE] */
export const AT88SC102_ERASE_UNIT_BITS = 16;

/** Attempts the SCAC allows: four. [AT88SC102 Rev. 1419C features "Maximum of Four Incorrect Security Code Attempts"] */
export const AT88SC102_SC_ATTEMPTS = 4;

/** Erases of AZ2 the EC2 allows while the EC2EN fuse is intact: one per EC2 bit. */
export const AT88SC102_EC2_ERASES = 128;

/** The read (Rn) and write-protect (Pn) bits: the first two bits of each application zone. [limpkin/mooltipass smartcard_highlevel.c, "Set P1 to 1 to allow write, remove R1"] */
export const AT88SC102_ZONE_BITS = {
  1: { p: 176, r: 177 },
  2: { p: 736, r: 737 },
} as const;

/** Write/erase cycle time: 3 ms. [AT88SC102 Rev. 1419C features "3 ms Write Cycle Time"; mooltipass tCHP "3.0ms min"] */
export const AT88SC102_CYCLE_MICROS = 3000;

/**
 * Transport security code of blank cards: F0 F0. The datasheet leaves it to the order; F0F0 is the
 * code Atmel's stock cards ship with. [limpkin/mooltipass SMARTCARD_FACTORY_PIN 0xF0F0, and its
 * card emulator's blank image]
 */
export const AT88SC102_DEFAULT_SC = Uint8Array.of(0xf0, 0xf0);

/** Fabrication zone of stock cards. [limpkin/mooltipass SMARTCARD_FABRICATION_ZONE 0x0F0F] */
export const AT88SC102_FABRICATION_ZONE = Uint8Array.of(0x0f, 0x0f);
