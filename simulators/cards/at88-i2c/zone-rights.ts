import type { AccessFeatures } from '../../../src/cards/at88-i2c/access-register.ts';
import type { PasswordRef } from '../../../src/cards/at88-i2c/password.ts';
import { isLockByte } from '../../../src/cards/at88-i2c/write-lock.ts';
import type { ProgramMode } from '../common/eeprom.ts';

/** What the host may do in one user zone right now. */
export interface ZoneRights {
  readonly read: boolean;
  readonly write: boolean;
  /** WLM = 0: one byte per write, each 8-byte block's first byte locks its bytes (write-lock.ts). */
  readonly writeLock: boolean;
  /** PGO = 0: bits may only go from 1 to 0. */
  readonly programOnly: boolean;
}

/**
 * A user zone's rights from its access register, its password set and the one active password
 * [1016 "Access Registers", p9; 0971H p8 "User Zones", §9.1]: the write password of the set also
 * opens reading; only one password is active at a time. Authentication is never established by the
 * emulators (the cipher is not implemented), so ATE = 0 closes a zone and AOW = 0 closes its writes.
 */
export function userZoneRights(access: AccessFeatures, passwordSet: number, active: PasswordRef | null, authenticated = false): ZoneRights {
  const holdsSet = active !== null && active.set === passwordSet;
  const holdsWrite = holdsSet && active.kind === 'write';
  const authRead = !access.authentication || authenticated;
  const authWrite = authRead && (!access.authenticationForWrite || authenticated);
  return {
    read: authRead && (!access.readPassword || holdsSet),
    write: authWrite && !access.modifyForbidden && (!access.writePassword || holdsWrite),
    writeLock: access.writeLock,
    programOnly: access.programOnly,
  };
}

/**
 * How a user-zone byte at `address` (inside its zone) is programmed: AND-only in a program-only
 * zone, and for a lock byte in write lock mode, so that a lock never comes back (our choice, both
 * parts; docs/cards/at88sc153.md "Write lock"); otherwise erased and written to the new value.
 */
export function userCellMode(rights: ZoneRights, address: number): ProgramMode {
  return rights.programOnly || (rights.writeLock && isLockByte(address)) ? 'write' : 'update';
}
