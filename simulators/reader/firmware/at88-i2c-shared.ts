import { decodeAccessRegister } from '../../../src/cards/at88-i2c/access-register.ts';
import { At88BusyError, At88FuseError, At88NackError } from '../../../src/cards/at88-i2c/errors.ts';
import type { ChipCommand, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { SW, hasData, respond, type PseudoApdu } from './pseudo-apdu.ts';

/**
 * What the AT88SC153 and AT88SC1608 firmware share: the instruction bytes both parts have in the
 * ACS manuals (ACR38x-CCID reference manual v6.04 §9.3.3/§9.3.4), how a chip that stops
 * acknowledging is answered, authentication forwarding, and when a written byte can be read back.
 */
export const AT88_INS = {
  selectCardType: 0xa4,
  verifyPassword: 0x20,
  /** INITIALIZE_AUTHENTICATION `FF 84 00 00 08 Q0..Q7` [ACR38x §9.3.3.5, §9.3.4.5]. */
  initializeAuthentication: 0x84,
  /** VERIFY_AUTHENTICATION `FF 82 00 00 08 Q1..Q7` [ACR38x §9.3.3.6, §9.3.4.6]. */
  verifyAuthentication: 0x82,
} as const;

/** AUTHENTICATION pseudo-APDUs carry an 8-byte host random or challenge. */
export const AUTHENTICATION_DATA_LENGTH = 8;

/**
 * Runs one command's chip conversation and turns the chip-level failures into status words:
 * ACK polling that gave up (the chip kept NACKing past any write cycle) → 6F 00; a command the chip
 * refused with a NACK → `nackSw` (65 81 for writes: the card did not take the data); a fuse that did
 * not blow → 65 81. Anything else (CardMuteError: power lost) propagates, as the firmware contract says.
 */
export async function answerChipErrors(run: () => Promise<Uint8Array>, nackSw: number): Promise<Uint8Array> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof At88BusyError) return respond(SW.noPreciseDiagnosis);
    if (error instanceof At88NackError) return respond(nackSw);
    if (error instanceof At88FuseError) return respond(SW.memoryFailure);
    throw error;
  }
}

/**
 * INITIALIZE/VERIFY_AUTHENTICATION: the reader waits until the chip is ready, then clocks the
 * chip's authentication command in once. Our emulators do not implement the cipher and NACK it
 * (docs/cards/at88sc153.md, at88sc1608.md "Authentication"), and a ready chip that NACKs a command
 * refused it: 6F 00, the card did not acknowledge. A chip that acknowledges gets 90 00, as ACS documents.
 */
export async function forwardAuthentication(
  apdu: PseudoApdu,
  card: SynchronousCard,
  encode: (data: Uint8Array) => ChipCommand,
  waitReady: () => Promise<unknown>,
): Promise<Uint8Array> {
  if (!hasData(apdu, AUTHENTICATION_DATA_LENGTH)) return respond(SW.wrongLength);
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
  return answerChipErrors(async () => {
    await waitReady();
    const response = await card.execute(encode(apdu.data));
    return respond(response.acknowledged ? SW.ok : SW.noPreciseDiagnosis);
  }, SW.noPreciseDiagnosis);
}

/**
 * Whether bytes written to a user zone with access register `ar` can be read back to check them.
 * Not when reading needs a password and writing does not (RPE = 0, WPE = 1): the reader does not
 * know whether a read password is active, and a refused read gives 00 (or the fuse byte), which
 * would look like a write the card did not take. In every other case a write the rights allow is
 * also readable: the write password opens reading [1016 "Access Registers"; 0971H §9.1].
 */
export function userWriteReadable(ar: number): boolean {
  const access = decodeAccessRegister(ar);
  return !(access.readPassword && !access.writePassword);
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
export async function writeInRuns(
  address: number,
  data: Uint8Array,
  oneBytePerCommand: boolean,
  writeRun: (at: number, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  if (!oneBytePerCommand) return writeRun(address, data);
  for (let i = 0; i < data.length; i++) await writeRun(address + i, data.subarray(i, i + 1));
}

/** Write-lock mode (WLM = 0) of an access register. */
export const writeLockMode = (ar: number): boolean => decodeAccessRegister(ar).writeLock;
