/**
 * How the AT88SC153 and AT88SC1608 firmware write a user zone and check the write: write-lock mode
 * one byte per command, read-back where the zone can be read, and what the reader may answer where
 * it cannot: a reader that said 90 00 for a write the chip skipped would lie to the host.
 */
import { decodeAccessRegister } from '../../../src/cards/at88-i2c/access-register.ts';
import { SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import { respond } from './pseudo-apdu.ts';

/**
 * Whether reading a user zone with access register `ar` may be closed to this session: it needs the
 * read (or write) password of the zone's set, or authentication [1016 "Access Registers"; 0971H §9.1].
 */
function userReadMayBeClosed(ar: number): boolean {
  const access = decodeAccessRegister(ar);
  return access.readPassword || access.authentication;
}

/**
 * Whether the chip may skip bytes of a user-zone write: the write needs a password or
 * authentication, modification is forbidden, or write-lock and program-only modes skip locked bytes
 * and 0→1 bits [1016 "Access Registers", p9]. With none of these the chip cannot refuse a write.
 */
function userWriteMayBeRefused(ar: number): boolean {
  const a = decodeAccessRegister(ar);
  return a.writePassword || a.authentication || a.authenticationForWrite || a.modifyForbidden || a.writeLock || a.programOnly;
}

/** Largest byte a refused read clocks out: $00, or the fuse bits `0000 0 PER CMA FAB` [1016 "Read Password Enable"]. */
const MAX_REFUSED_READ_BYTE = 0x07;

/**
 * Whether `bytes` look like a read the chip refused: one value, $00 or the fuse byte, for every byte.
 * A zone whose real contents look like that is taken as closed (the reader then refuses rather
 * than guesses).
 */
function looksLikeRefusedRead(bytes: Uint8Array): boolean {
  const first = bytes[0] ?? 0;
  return first <= MAX_REFUSED_READ_BYTE && bytes.every((b) => b === first);
}

/** One user zone as the firmware drives it: its access register, its size, and the chip-level read and write. */
export interface UserZoneIo {
  readonly ar: number;
  readonly size: number;
  read(address: number, length: number): Promise<Uint8Array>;
  write(address: number, data: Uint8Array): Promise<void>;
}

/**
 * How the reader can check a user-zone write, known before anything is written:
 * - `'read-back'`: reading is open (always, or the zone reads as something a refused read cannot
 *   give): write, read back, 90 00 or 65 81;
 * - `'acknowledge'`: reading is closed but the chip cannot refuse the write (RPE = 0, WPE = 1 and no
 *   write lock, program-only, MDF or authentication): 90 00 on the acknowledge alone;
 * - `undefined`: reading is closed and the chip may skip bytes: the reader cannot check the write
 *   and answers 69 85 with nothing written (present the zone's read password first).
 */
export type UserWriteCheck = 'read-back' | 'acknowledge' | undefined;

/** Reads the whole zone first where its reading may be closed: the answer says how the write can be checked. */
export async function userWriteCheck(zone: UserZoneIo): Promise<UserWriteCheck> {
  if (!userReadMayBeClosed(zone.ar) || !looksLikeRefusedRead(await zone.read(0, zone.size))) return 'read-back';
  return userWriteMayBeRefused(zone.ar) ? undefined : 'acknowledge';
}

/** Writes `data` (one byte per command in write-lock mode) and says whether it was taken, as `check` allows knowing. */
export async function writeUserRun(zone: UserZoneIo, check: NonNullable<UserWriteCheck>, address: number, data: Uint8Array): Promise<boolean> {
  await writeInRuns(address, data, writeLockMode(zone.ar), (at, bytes) => zone.write(at, bytes));
  return check === 'acknowledge' || readBackMatches(data, await zone.read(address, data.length));
}

/** Whether every byte of `written` that `readable(offset)` allows reads back as written. */
export function readBackMatches(written: Uint8Array, readBack: Uint8Array, readable: (offset: number) => boolean = () => true): boolean {
  return written.every((value, i) => !readable(i) || readBack[i] === value);
}

/** The answer of a write that was checked by read-back. */
export const writeAnswer = (taken: boolean): Uint8Array => respond(taken ? SW.ok : SW.memoryFailure);

/**
 * Writes `data` at `address` through `writeRun` in runs of one byte when the zone is in write-lock
 * mode (the chip takes only the first data byte of each command [1016 p9 "Write Lock Mode"]),
 * else in one call (the driver splits on page boundaries).
 */
async function writeInRuns(
  address: number,
  data: Uint8Array,
  oneBytePerCommand: boolean,
  writeRun: (at: number, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  if (!oneBytePerCommand) return writeRun(address, data);
  for (let i = 0; i < data.length; i++) await writeRun(address + i, data.subarray(i, i + 1));
}

/** Write-lock mode (WLM = 0) of an access register. */
const writeLockMode = (ar: number): boolean => decodeAccessRegister(ar).writeLock;
