import { decodeAccessRegister, type AccessFeatures } from '../at88-i2c/access-register.ts';
import type { PasswordRef } from './commands.ts';

/**
 * The 128-byte configuration zone. Anchored on what public drivers rely on: AAC at $20, Ci at $28
 * (8 bytes), password set p at $40 + 8p as [PAC_W, W(3), PAC_R, R(3)] (sqf-ice/Mygit
 * smartcard/MEMORY/at88sc1608.c), the fuse byte at $80 (ACS ACR38 reference manual, AT88SC1608
 * READ_MEMORY_CARD "1000 0000b for reading fuse"). The datasheet's table "Configuration Zone" (0971)
 * could not be found: the positions of ATR, fab/card-manufacturer/issuer codes, access registers,
 * identification number, Gc and the memory test zone are UNVERIFIED, laid out in 8-byte rows the way
 * the CryptoMemory successors lay out the same fields. Field sizes of Ci/Gc/MTZ (64 bits each) are
 * from [AT88SC1608 0971H p8].
 */
export interface ConfigField {
  readonly name: string;
  readonly address: number;
  readonly length: number;
}

const field = (name: string, address: number, length: number): ConfigField => ({ name, address, length });

export const CONFIG_FIELDS = {
  answerToReset: field('Answer-to-Reset', 0x00, 4),
  fabCode: field('Fab Code', 0x04, 2),
  cardManufacturerCode: field('Card Manufacturer Code', 0x06, 2),
  issuerCode: field('Issuer Code', 0x08, 8),
  accessRegisters: field('Access/Password Registers AR0 PR0 .. AR7 PR7', 0x10, 16),
  aac: field('Authentication Attempts Counter', 0x20, 1),
  identificationNumber: field('Identification Number', 0x21, 7),
  cryptogram: field('Cryptogram Ci', 0x28, 8),
  secretSeed: field('Secret Seed Gc', 0x30, 8),
  memoryTestZone: field('Memory Test Zone', 0x38, 8),
  passwordSets: field('Password Sets', 0x40, 64),
} as const;

export type ConfigFieldName = keyof typeof CONFIG_FIELDS;

/** The field an address falls in. Every address 0..127 belongs to exactly one field. */
export function fieldAt(address: number): ConfigFieldName {
  for (const [name, f] of Object.entries(CONFIG_FIELDS) as [ConfigFieldName, ConfigField][]) {
    if (address >= f.address && address < f.address + f.length) return name;
  }
  throw new RangeError(`configuration address 0x${address.toString(16)} outside 0..0x7F`);
}

export const accessRegisterAddress = (zone: number): number => 0x10 + 2 * zone;
export const passwordRegisterAddress = (zone: number): number => 0x11 + 2 * zone;

/** Password set p at $40 + 8p: [PAC_W, W(3), PAC_R, R(3)] (sqf-ice at88sc1608.c verify_passwd). */
export const pacAddress = (ref: PasswordRef): number => 0x40 + 8 * ref.set + (ref.kind === 'read' ? 4 : 0);
export const passwordAddress = (ref: PasswordRef): number => pacAddress(ref) + 1;

/** The password set an address in $40..$7F belongs to, and whether it is a PAC byte. */
export function passwordSetAt(address: number): { set: number; isPac: boolean } {
  const offset = address - 0x40;
  return { set: offset >> 3, isPac: (offset & 3) === 0 };
}

/**
 * Access register ARz: the bits of src/cards/at88-i2c/access-register.ts. UNVERIFIED for the 1608:
 * its table was not found; the bits and their order are those of the sister part AT88SC153, bit 3
 * reserved because the 1608 holds the password set in its own password register PRz.
 */
export { ACCESS_BIT } from '../at88-i2c/access-register.ts';

/** Password register PRz: bits 2..0 select the password set (factory FF = set 7, [0971H p8]). */
export const PASSWORD_SET_MASK = 0x07;

export interface AccessRights extends AccessFeatures {
  readonly passwordSet: number;
}

/** A zone's restrictions from ARz, and its password set from PRz. */
export function decodeAccess(ar: number, pr: number): AccessRights {
  return { ...decodeAccessRegister(ar), passwordSet: pr & PASSWORD_SET_MASK };
}

/**
 * Fuse byte bits (1 = intact), blown in the order FAB, CMA, PER only [0971H p8; CryptoMemory 5211C
 * "Write Fuses"]. Bit positions UNVERIFIED for the 1608, taken from the CryptoMemory fuse byte
 * (the AT88SC153's, shared in src/cards/at88-i2c/fuses.ts).
 */
export { FUSE_BIT, FUSE_ORDER, type FuseName } from '../at88-i2c/fuses.ts';

/** A PAC holds one 1 per attempt left: FF = 8, one bit cleared per wrong try, 00 = locked. */
export { attemptsLeft } from '../at88-i2c/attempts-counter.ts';
