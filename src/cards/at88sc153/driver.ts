import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import { sendUntilAcknowledged, type PollOptions } from '../at88-i2c/ack-polling.ts';
import { checkIndex, checkLength, checkSpan } from '../at88-i2c/arguments.ts';
import { At88FuseError } from '../at88-i2c/errors.ts';
import { writePaged } from '../at88-i2c/paged-write.ts';
import { checkAttemptsBefore, verifyResult, type VerifyOptions, type VerifyResult } from '../at88-i2c/verify.ts';
import {
  CONFIG,
  FUSE,
  PAGE_SIZE,
  PASSWORD_LENGTH,
  USER_ZONES,
  ZONE_SIZE,
  pacAddress,
  readConfigZone,
  readFuses as readFusesCommand,
  readUserZone,
  verifyPassword as verifyPasswordCommand,
  writeConfigZone,
  writeFuses,
  writeUserZone,
  type FuseName,
  type PasswordRef,
} from './commands.ts';

export type { PollOptions, VerifyOptions, VerifyResult };
export { attemptsLeft } from '../at88-i2c/attempts-counter.ts';

/**
 * Host side of the AT88SC153 at chip level, as a reader's firmware drives it. Every command is
 * ACK-polled: while the chip runs its self-timed write cycle it NACKs, and the driver sleeps on
 * `clock` and sends again [1016 p12 "ACK polling"; sqf-ice at88sc153.c retries the command byte].
 * The chip acknowledges the commands it refuses (docs/cards/at88sc153.md), so a NACK here only ever
 * means "busy". Errors: src/cards/at88-i2c/errors.ts, shared with the AT88SC1608.
 */

/** Sends a command, sending it again while the chip NACKs (busy), until it is acknowledged. */
export function send(card: SynchronousCard, command: ChipCommand, options: PollOptions = {}): Promise<ChipResponse> {
  return sendUntilAcknowledged(card, command, options);
}

/** Polls with a harmless Read Configuration Zone until the write cycle in progress has ended. */
export async function waitReady(card: SynchronousCard, options: PollOptions = {}): Promise<void> {
  await send(card, readConfigZone(CONFIG.answerToReset, 1), options);
}

export async function readZone(card: SynchronousCard, zone: number, address: number, length: number, options: PollOptions = {}): Promise<Uint8Array> {
  checkIndex('zone', zone, USER_ZONES);
  checkSpan('user zone read', address, length, ZONE_SIZE);
  return (await send(card, readUserZone(zone, address, length), options)).data;
}

export async function readConfig(card: SynchronousCard, address: number, length: number, options: PollOptions = {}): Promise<Uint8Array> {
  checkSpan('configuration read', address, length, ZONE_SIZE);
  return (await send(card, readConfigZone(address, length), options)).data;
}

/** Writes in 8-byte pages, each after the previous page's cycle; returns once the last cycle is over. */
export async function writeZone(card: SynchronousCard, zone: number, address: number, data: Uint8Array, options: PollOptions = {}): Promise<void> {
  checkIndex('zone', zone, USER_ZONES);
  checkSpan('user zone write', address, data.length, ZONE_SIZE);
  await writePaged(address, data, PAGE_SIZE, (at, chunk) => send(card, writeUserZone(zone, at, chunk), options), () => waitReady(card, options));
}

export async function writeConfig(card: SynchronousCard, address: number, data: Uint8Array, options: PollOptions = {}): Promise<void> {
  checkSpan('configuration write', address, data.length, ZONE_SIZE);
  await writePaged(address, data, PAGE_SIZE, (at, chunk) => send(card, writeConfigZone(at, chunk), options), () => waitReady(card, options));
}

/**
 * The datasheet's two-pass password verification [1016 p12 Figure 9]: the first Verify Password
 * writes a 0 bit into the password's attempts counter, the second compares; ACK polling with $BD
 * then reads the counter, $FF when the password was right. Refuses (At88LastAttemptError) when only
 * one attempt is left unless `insist`, and when the counter is exhausted (At88PasswordLockedError).
 * The password is sent both times, as production drivers do (sqf-ice at88sc153_verify_passwd).
 */
export async function verifyPassword(card: SynchronousCard, ref: PasswordRef, password: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  checkLength('password', password, PASSWORD_LENGTH);
  const pacAt = pacAddress(ref);
  checkAttemptsBefore(ref, (await readConfig(card, pacAt, 1, options))[0] ?? 0, options.insist);
  await send(card, verifyPasswordCommand(ref, password), options);
  await send(card, verifyPasswordCommand(ref, password), options);
  return verifyResult((await send(card, readConfigZone(pacAt, 1), options)).data[0] ?? 0);
}

/** Fuse byte as the chip reports it: bit = 1 while the fuse is intact. */
export async function readFuses(card: SynchronousCard, options: PollOptions = {}): Promise<number> {
  return (await send(card, readFusesCommand(), options)).data[0] ?? 0;
}

/**
 * Blows one fuse (irreversible) and checks that it took; the chip ignores a fuse out of order
 * (FAB, then CMA, then PER) or without the secure code verified.
 */
export async function blowFuse(card: SynchronousCard, fuse: FuseName, options: PollOptions = {}): Promise<number> {
  await send(card, writeFuses(fuse), options);
  await waitReady(card, options);
  const fuses = await readFuses(card, options);
  if (fuses & FUSE[fuse]) throw new At88FuseError(fuse, fuses, 'still intact after Write Fuses (out of order, or the secure code not verified)');
  return fuses;
}
