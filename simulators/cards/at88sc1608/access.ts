import { SECURE_CODE, type PasswordRef } from '../../../src/cards/at88sc1608/commands.ts';
import { FUSE_BIT, PASSWORD_SET_MASK, fieldAt, passwordSetAt } from '../../../src/cards/at88sc1608/config-map.ts';
import { decodeAccessRegister } from '../../../src/cards/at88-i2c/access-register.ts';
import { userZoneRights as zoneRights, type ZoneRights } from '../at88-i2c/zone-rights.ts';

export type { ZoneRights };

/**
 * [AT88SC1608 0971H p8 "User Zones", §9.1] each zone's rights come from its access register, with
 * the password set from its password register: the rule both parts share (at88-i2c/zone-rights.ts).
 * Bit meanings: see ACCESS_BIT (UNVERIFIED for the 1608).
 */
export function userZoneRights(ar: number, pr: number, active: PasswordRef | null): ZoneRights {
  return zoneRights(decodeAccessRegister(ar), pr & PASSWORD_SET_MASK, active);
}

const intact = (fuses: number, bit: number): boolean => (fuses & bit) !== 0;

/** [0971H p8 "Secure Code"] Write 7 acts as the secure code until PER is blown. */
export function secureCodeActive(active: PasswordRef | null, fuses: number): boolean {
  return active !== null && active.set === SECURE_CODE.set && active.kind === 'write' && intact(fuses, FUSE_BIT.PER);
}

/**
 * Who may read and write each configuration byte. The rule that each fuse locks its part for good
 * and that personalisation needs the secure code is the datasheet's; which field each fuse locks
 * and what reads back as 00 are UNVERIFIED (modelled on the CryptoMemory successors):
 * - ATR, fab code: written with the secure code until FAB; card manufacturer code until CMA;
 *   issuer code, access/password registers, AAC, identification number, Ci, Gc until PER.
 * - Gc is readable only with the secure code before PER.
 * - A password set's passwords read and write with the secure code before PER, or with that set's
 *   write password [0971H p8 "Password Sets"]; its PACs are always readable.
 * - The memory test zone is free [0971H p8 "Memory Test Zone"].
 */
export function configAccess(address: number, fuses: number, active: PasswordRef | null): { read: boolean; write: boolean } {
  const secure = secureCodeActive(active, fuses);
  switch (fieldAt(address)) {
    case 'answerToReset':
    case 'fabCode':
      return { read: true, write: secure && intact(fuses, FUSE_BIT.FAB) };
    case 'cardManufacturerCode':
      return { read: true, write: secure && intact(fuses, FUSE_BIT.CMA) };
    case 'secretSeed':
      return { read: secure, write: secure };
    case 'memoryTestZone':
      return { read: true, write: true };
    case 'passwordSets': {
      const { set, isPac } = passwordSetAt(address);
      const owner = secure || (active !== null && active.set === set && active.kind === 'write');
      return { read: isPac || owner, write: owner };
    }
    default:
      return { read: true, write: secure };
  }
}
