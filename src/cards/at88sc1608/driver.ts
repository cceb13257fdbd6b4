import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import { sendUntilAcknowledged, type PollOptions } from '../at88-i2c/ack-polling.ts';
import { checkIndex, checkLength, checkSpan } from '../at88-i2c/arguments.ts';
import { At88FuseError, At88NackError } from '../at88-i2c/errors.ts';
import { writePaged } from '../at88-i2c/paged-write.ts';
import { checkAttemptsBefore, verifyResult, type VerifyOptions, type VerifyResult } from '../at88-i2c/verify.ts';
import * as cmd from './commands.ts';
import { CONFIG_SIZE, PAGE_SIZE, ZONE_COUNT, ZONE_SIZE, type PasswordRef } from './commands.ts';
import { FUSE_ORDER, pacAddress, type FuseName } from './config-map.ts';
import { fuseIntact } from '../at88-i2c/fuses.ts';

export type { PollOptions, VerifyOptions, VerifyResult };

/**
 * Host side of the AT88SC1608 at chip level: what a reader's firmware does. Every command is sent
 * once the chip acknowledges an ACK poll ($B5 alone), so a NACK on the command itself means the chip
 * refused it, never that it was busy [AT88SC1608 0971G p12: ACK polling with $B5]. Errors:
 * src/cards/at88-i2c/errors.ts, shared with the AT88SC153.
 */

export const waitReady = (card: SynchronousCard, options: PollOptions = {}): Promise<ChipResponse> =>
  sendUntilAcknowledged(card, cmd.ackPoll(), options);

async function send(card: SynchronousCard, command: ChipCommand, what: string, options: PollOptions): Promise<ChipResponse> {
  await waitReady(card, options);
  const response = await card.execute(command);
  if (!response.acknowledged) throw new At88NackError(command.bytes, what);
  return response;
}

export async function setUserZone(card: SynchronousCard, zone: number, options: PollOptions = {}): Promise<void> {
  checkIndex('zone', zone, ZONE_COUNT);
  await send(card, cmd.setUserZoneAddress(zone), `Set User Zone Address ${zone}`, options);
}

export async function readUserZone(
  card: SynchronousCard,
  zone: number,
  address: number,
  length: number,
  options: PollOptions = {},
): Promise<Uint8Array> {
  checkSpan('user zone read', address, length, ZONE_SIZE);
  await setUserZone(card, zone, options);
  return (await send(card, cmd.readUserZone(address, length), `Read User Zone ${zone}`, options)).data;
}

/** Sends one page write of `what`, named by its address in a refusal. */
function pageSender(card: SynchronousCard, encode: (address: number, chunk: Uint8Array) => ChipCommand, what: string, options: PollOptions) {
  return (at: number, chunk: Uint8Array) => send(card, encode(at, chunk), `${what} at 0x${at.toString(16).toUpperCase()}`, options);
}

/** Writes in 16-byte pages, each after the previous page's cycle; returns once the last cycle is over. */
export async function writeUserZone(
  card: SynchronousCard,
  zone: number,
  address: number,
  data: Uint8Array,
  options: PollOptions = {},
): Promise<void> {
  checkSpan('user zone write', address, data.length, ZONE_SIZE);
  await setUserZone(card, zone, options);
  await writePaged(address, data, PAGE_SIZE, pageSender(card, cmd.writeUserZone, `Write User Zone ${zone}`, options), () => waitReady(card, options));
}

export async function readConfig(card: SynchronousCard, address: number, length: number, options: PollOptions = {}): Promise<Uint8Array> {
  checkSpan('configuration read', address, length, CONFIG_SIZE);
  return (await send(card, cmd.readConfigurationZone(address, length), 'Read Configuration Zone', options)).data;
}

export async function writeConfig(card: SynchronousCard, address: number, data: Uint8Array, options: PollOptions = {}): Promise<void> {
  checkSpan('configuration write', address, data.length, CONFIG_SIZE);
  await writePaged(address, data, PAGE_SIZE, pageSender(card, cmd.writeConfigurationZone, 'Write Configuration Zone', options), () => waitReady(card, options));
}

/**
 * [AT88SC1608 0971G p12 Fig. 10] Verify Password, then ACK-poll with $B5 + the PAC address and read
 * the PAC: FF = correct. Refuses to present a code when the PAC shows one attempt left unless
 * `insist` is set, and never presents one to a locked password (the chip would ignore it).
 */
export async function verifyPassword(card: SynchronousCard, ref: PasswordRef, password: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  checkLength('password', password, 3);
  const pacCommand = cmd.readConfigurationZone(pacAddress(ref), 1);
  checkAttemptsBefore(ref, (await send(card, pacCommand, 'read PAC', options)).data[0] ?? 0, options.insist);
  await send(card, cmd.verifyPassword(ref, password), 'Verify Password', options);
  return verifyResult((await sendUntilAcknowledged(card, pacCommand, options)).data[0] ?? 0);
}

export const presentSecureCode = (card: SynchronousCard, code: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> =>
  verifyPassword(card, cmd.SECURE_CODE, code, options);

async function readFuseByte(card: SynchronousCard, options: PollOptions): Promise<number> {
  return (await send(card, cmd.readFuses(), 'read fuses', options)).data[0] ?? 0;
}

const blownIn = (fuseByte: number, fuse: FuseName): boolean => !fuseIntact(fuseByte, fuse);

export async function readFuses(card: SynchronousCard, options: PollOptions = {}): Promise<Record<FuseName, boolean>> {
  const raw = await readFuseByte(card, options);
  return { FAB: blownIn(raw, 'FAB'), CMA: blownIn(raw, 'CMA'), PER: blownIn(raw, 'PER') };
}

/** Blows `fuse`, which must be the next intact one in FAB, CMA, PER order; needs the secure code. */
export async function blowFuse(card: SynchronousCard, fuse: FuseName, options: PollOptions = {}): Promise<void> {
  const before = await readFuseByte(card, options);
  const next = FUSE_ORDER.find((f) => !blownIn(before, f));
  if (blownIn(before, fuse)) throw new At88FuseError(fuse, before, 'already blown');
  if (next !== fuse) throw new At88FuseError(fuse, before, `fuses blow in order FAB, CMA, PER; ${next} comes first`);
  await send(card, cmd.blowNextFuse(), `blow ${fuse}`, options);
  const after = await readFuseByte(card, options);
  if (!blownIn(after, fuse)) throw new At88FuseError(fuse, after, 'still reads intact after blowing');
}
