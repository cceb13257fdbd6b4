import { AR, CONFIG, DCR, FUSE, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';
import { decodeAccessRegister } from '../../../src/cards/at88-i2c/access-register.ts';
import { fuseIntact } from '../../../src/cards/at88-i2c/fuses.ts';
import { samePassword } from '../../../src/cards/at88-i2c/password.ts';
import { userZoneRights as zoneRights, type ZoneRights } from '../at88-i2c/zone-rights.ts';

export type { ZoneRights };

/**
 * Access rights of the AT88SC153, as pure decisions on the configuration bytes, the fuse cell and
 * the password verified in this session. Clauses: access register bits from the datasheet's
 * "Access Registers" text (smartcardamerica copy of 1016); configuration-zone rights follow the
 * fuse table of the same family (CryptoMemory 5211 Table 6-10), see docs/cards/at88sc153.md.
 */
export interface Privilege {
  /** The password verified in this power session, if any; only one is active at a time [1016 p9]. */
  readonly active: PasswordRef | null;
}

export { fuseIntact };

/** Read Fuses value: the three fuse bits, 1 = intact [Decard dcrf32.h "00000F2F1F0"]. */
export function fuseByte(fuseCell: number): number {
  return fuseCell & (FUSE.FAB | FUSE.CMA | FUSE.PER);
}

/**
 * What a refused read clocks out: $00, or the fuse status while CMA or PER is intact
 * [1016 "Read Password Enable": "will return $00 (or the status of the fuse bits...)"].
 */
export function deniedReadByte(fuseCell: number): number {
  return fuseIntact(fuseCell, 'CMA') || fuseIntact(fuseCell, 'PER') ? fuseByte(fuseCell) : 0x00;
}

function isPassword(active: PasswordRef | null, set: number, kind: PasswordRef['kind']): boolean {
  return samePassword(active, { set, kind });
}

/** The secure code (Write 1) opens the configuration zone until PER is blown [1016 p12; family fuse table]. */
export function secureCodeOpen(privilege: Privilege, fuseCell: number): boolean {
  return isPassword(privilege.active, 1, 'write') && fuseIntact(fuseCell, 'PER');
}

/** SME = 0: Write 1 reads and writes the whole password area, PACs included [1016 p8]. */
function supervisor(privilege: Privilege, dcr: number): boolean {
  return (dcr & DCR.SME) === 0 && isPassword(privilege.active, 1, 'write');
}

/**
 * Rights on a user zone from its access register: the shared rule (at88-i2c/zone-rights.ts) with the
 * password set taken from PWS, bit 3 of the AT88SC153's access register.
 */
export function userZoneRights(ar: number, privilege: Privilege, authenticated = false): ZoneRights {
  return zoneRights(decodeAccessRegister(ar), ar & AR.PWS ? 1 : 0, privilege.active, authenticated);
}

function passwordSlot(address: number): { set: number; isPac: boolean } {
  const offset = address - CONFIG.passwords;
  return { set: offset >> 3, isPac: (offset & 3) === 0 };
}

export function configReadAllowed(address: number, privilege: Privilege, fuseCell: number, dcr: number): boolean {
  if (address < CONFIG.secretSeed) return true; // identification, access control, AAC, Ci: free
  if (address < CONFIG.passwords) return secureCodeOpen(privilege, fuseCell); // Gc
  return passwordSlot(address).isPac || secureCodeOpen(privilege, fuseCell) || supervisor(privilege, dcr);
}

export function configWriteAllowed(address: number, privilege: Privilege, fuseCell: number, dcr: number): boolean {
  const secure = secureCodeOpen(privilege, fuseCell);
  if (address >= CONFIG.memoryTestZone && address < CONFIG.cardManufacturerCode) return true; // MTZ: free
  if (address < CONFIG.memoryTestZone) return secure && fuseIntact(fuseCell, 'FAB'); // ATR, fab code
  if (address < CONFIG.issuerCode) return secure && fuseIntact(fuseCell, 'CMA'); // card manufacturer code
  if (address < CONFIG.passwords) return secure; // issuer code .. Gc: until PER
  const slot = passwordSlot(address);
  // the write password of a set may change that set's passwords [1016 "Write Password Enable"]
  return secure || supervisor(privilege, dcr) || (!slot.isPac && isPassword(privilege.active, slot.set, 'write'));
}
