import { AR, CONFIG, DCR, FUSE, type FuseName, type PasswordRef } from '../../../src/cards/at88sc153/commands.ts';

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

export function fuseIntact(fuseCell: number, fuse: FuseName): boolean {
  return (fuseCell & FUSE[fuse]) !== 0;
}

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
  return active !== null && active.set === set && active.kind === kind;
}

/** The secure code (Write 1) opens the configuration zone until PER is blown [1016 p12; family fuse table]. */
export function secureCodeOpen(privilege: Privilege, fuseCell: number): boolean {
  return isPassword(privilege.active, 1, 'write') && fuseIntact(fuseCell, 'PER');
}

/** SME = 0: Write 1 reads and writes the whole password area, PACs included [1016 p8]. */
function supervisor(privilege: Privilege, dcr: number): boolean {
  return (dcr & DCR.SME) === 0 && isPassword(privilege.active, 1, 'write');
}

export interface ZoneRights {
  readonly read: boolean;
  readonly write: boolean;
  /** WLM = 0: byte 0 of each page locks the bytes of the page, one byte per write [1016 p9]. */
  readonly writeLock: boolean;
  /** PGO = 0: bits may only go from 1 to 0. */
  readonly programOnly: boolean;
}

/**
 * Rights on a user zone from its access register. Authentication is never established here (the
 * cipher is not implemented), so ATE = 0 closes the zone and AOW = 0 closes writes.
 */
export function userZoneRights(ar: number, privilege: Privilege, authenticated = false): ZoneRights {
  const set = ar & AR.PWS ? 1 : 0;
  const writePassword = isPassword(privilege.active, set, 'write');
  const readPassword = writePassword || isPassword(privilege.active, set, 'read'); // write pw always reads [RPE]
  const authRead = (ar & AR.ATE) !== 0 || authenticated;
  const authWrite = authRead && ((ar & AR.AOW) !== 0 || authenticated);
  return {
    read: authRead && ((ar & AR.RPE) !== 0 || readPassword),
    write: authWrite && ((ar & AR.WPE) !== 0 || writePassword) && (ar & AR.MDF) !== 0,
    writeLock: (ar & AR.WLM) === 0,
    programOnly: (ar & AR.PGO) === 0,
  };
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
