import { systemClock, type Clock } from '../../core/clock.ts';
import { InputError } from '../../core/errors.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import * as cmd from './commands.ts';
import { CONFIG_SIZE, PAGE_SIZE, ZONE_COUNT, ZONE_SIZE, type PasswordRef } from './commands.ts';
import { FUSE_BIT, FUSE_ORDER, attemptsLeft, pacAddress, type FuseName } from './config-map.ts';
import { At88BusyError, At88FuseError, At88LastAttemptError, At88NackError, At88PasswordLockedError } from './errors.ts';

/**
 * Host side of the AT88SC1608 at chip level: what a reader's firmware does. Every command is sent
 * once the chip acknowledges an ACK poll ($B5 alone), so a NACK on the command itself means the chip
 * refused it, never that it was busy [AT88SC1608 0971G p12: ACK polling with $B5].
 */
export interface DriverOptions {
  /** The clock the card's write cycle runs on; the driver sleeps on it between ACK polls. */
  readonly clock?: Clock;
  readonly pollIntervalMs?: number;
  /** Give up ACK polling after this long (a write cycle takes 10 ms max). */
  readonly maxBusyMs?: number;
}

async function poll(card: SynchronousCard, probe: ChipCommand, options: DriverOptions): Promise<ChipResponse> {
  const clock = options.clock ?? systemClock;
  const interval = options.pollIntervalMs ?? 1;
  const limit = options.maxBusyMs ?? 50;
  for (let waited = 0; ; waited += interval) {
    const response = await card.execute(probe);
    if (response.acknowledged) return response;
    if (waited >= limit) throw new At88BusyError(probe.bytes, waited);
    await clock.sleep(interval);
  }
}

export const waitReady = (card: SynchronousCard, options: DriverOptions = {}): Promise<ChipResponse> =>
  poll(card, cmd.ackPoll(), options);

async function send(card: SynchronousCard, command: ChipCommand, what: string, options: DriverOptions): Promise<ChipResponse> {
  await waitReady(card, options);
  const response = await card.execute(command);
  if (!response.acknowledged) throw new At88NackError(command.bytes, what);
  return response;
}

function checkRange(field: string, address: number, length: number, size: number): void {
  if (!Number.isInteger(address) || address < 0 || !Number.isInteger(length) || length < 0 || address + length > size) {
    throw new InputError(field, `address ${address} + length ${length} must stay within 0..${size - 1}`);
  }
}

export async function setUserZone(card: SynchronousCard, zone: number, options: DriverOptions = {}): Promise<void> {
  if (!Number.isInteger(zone) || zone < 0 || zone >= ZONE_COUNT) throw new InputError('zone', `must be 0..7, got ${zone}`);
  await send(card, cmd.setUserZoneAddress(zone), `Set User Zone Address ${zone}`, options);
}

export async function readUserZone(
  card: SynchronousCard,
  zone: number,
  address: number,
  length: number,
  options: DriverOptions = {},
): Promise<Uint8Array> {
  checkRange('user zone read', address, length, ZONE_SIZE);
  await setUserZone(card, zone, options);
  return (await send(card, cmd.readUserZone(address, length), `Read User Zone ${zone}`, options)).data;
}

/** Splits on 16-byte page boundaries (the chip rolls over inside a page) and waits out each cycle. */
async function writePaged(
  card: SynchronousCard,
  address: number,
  data: Uint8Array,
  encode: (address: number, chunk: Uint8Array) => ChipCommand,
  what: string,
  options: DriverOptions,
): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    const at = address + offset;
    const chunk = data.slice(offset, offset + PAGE_SIZE - (at % PAGE_SIZE));
    await send(card, encode(at, chunk), `${what} at 0x${at.toString(16).toUpperCase()}`, options);
    offset += chunk.length;
  }
  await waitReady(card, options);
}

export async function writeUserZone(
  card: SynchronousCard,
  zone: number,
  address: number,
  data: Uint8Array,
  options: DriverOptions = {},
): Promise<void> {
  checkRange('user zone write', address, data.length, ZONE_SIZE);
  await setUserZone(card, zone, options);
  await writePaged(card, address, data, cmd.writeUserZone, `Write User Zone ${zone}`, options);
}

export async function readConfig(card: SynchronousCard, address: number, length: number, options: DriverOptions = {}) {
  checkRange('configuration read', address, length, CONFIG_SIZE);
  return (await send(card, cmd.readConfigurationZone(address, length), 'Read Configuration Zone', options)).data;
}

export async function writeConfig(card: SynchronousCard, address: number, data: Uint8Array, options: DriverOptions = {}) {
  checkRange('configuration write', address, data.length, CONFIG_SIZE);
  await writePaged(card, address, data, cmd.writeConfigurationZone, 'Write Configuration Zone', options);
}

export interface PasswordResult {
  readonly verified: boolean;
  readonly pac: number;
  readonly attemptsLeft: number;
}

/**
 * [AT88SC1608 0971G p12 Fig. 10] Verify Password, then ACK-poll with $B5 + the PAC address and read
 * the PAC: FF = correct. Refuses to present a code when the PAC shows one attempt left unless
 * `insist` is set, and never presents one to a locked password (the chip would ignore it).
 */
export async function verifyPassword(
  card: SynchronousCard,
  ref: PasswordRef,
  password: Uint8Array,
  options: DriverOptions & { readonly insist?: boolean } = {},
): Promise<PasswordResult> {
  if (password.length !== 3) throw new InputError('password', `must be 3 bytes, got ${password.length}`);
  const pacCommand = cmd.readConfigurationZone(pacAddress(ref), 1);
  const before = (await send(card, pacCommand, 'read PAC', options)).data[0] ?? 0;
  if (before === 0) throw new At88PasswordLockedError(ref);
  if (attemptsLeft(before) === 1 && !options.insist) throw new At88LastAttemptError(ref, before);
  await send(card, cmd.verifyPassword(ref, password), 'Verify Password', options);
  const pac = (await poll(card, pacCommand, options)).data[0] ?? 0;
  return { verified: pac === 0xff, pac, attemptsLeft: attemptsLeft(pac) };
}

export const presentSecureCode = (
  card: SynchronousCard,
  code: Uint8Array,
  options: DriverOptions & { readonly insist?: boolean } = {},
): Promise<PasswordResult> => verifyPassword(card, cmd.SECURE_CODE, code, options);

export async function readFuses(card: SynchronousCard, options: DriverOptions = {}): Promise<Record<FuseName, boolean>> {
  const raw = (await send(card, cmd.readFuses(), 'read fuses', options)).data[0] ?? 0;
  return { FAB: (raw & FUSE_BIT.FAB) === 0, CMA: (raw & FUSE_BIT.CMA) === 0, PER: (raw & FUSE_BIT.PER) === 0 };
}

/** Blows `fuse`, which must be the next intact one in FAB, CMA, PER order; needs the secure code. */
export async function blowFuse(card: SynchronousCard, fuse: FuseName, options: DriverOptions = {}): Promise<void> {
  const blown = await readFuses(card, options);
  const next = FUSE_ORDER.find((f) => !blown[f]);
  if (blown[fuse]) throw new At88FuseError(fuse, 'already blown');
  if (next !== fuse) throw new At88FuseError(fuse, `fuses blow in order FAB, CMA, PER; ${next} comes first`);
  await send(card, cmd.blowNextFuse(), `blow ${fuse}`, options);
  if (!(await readFuses(card, options))[fuse]) throw new At88FuseError(fuse, 'still reads intact after blowing');
}
