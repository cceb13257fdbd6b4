/**
 * AT88SC1604 operations through stbpay's reader firmware for card type 0A (the ACS type code of
 * libzhouyb's CCID_StorageCardDevAdapter.h). ACS publishes no AT88SC1604 command set: the pseudo-APDUs
 * are the AT88SC102's with a 16-bit byte address in P1 P2 and `FF 20 P1 P2` naming the code as
 * sqf-ice's reader firmware does (docs/cards/at88sc1604.md §Through a reader). Fields, offsets and
 * bytes are in datasheet order, as in src/cards/at88sc1604/driver.ts; the wire is LSB first.
 */
import { AT88SC1604_ATTEMPTS, AT88SC1604_MAP, AT88SC1604_ZONES } from '../../cards/at88sc1604/commands.ts';
import { resolveField, type FieldRef, type ZoneNumber } from '../../cards/at88sc1604/driver.ts';
import type { CounterSpec } from '../../cards/at88sc102/driver-core.ts';
import type { BitField } from '../../cards/at88sc102/family.ts';
import { commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import * as wire from './at88sc10x-wire.ts';
import { selectCardType } from './transfer.ts';

export type { FieldRef, ZoneNumber } from '../../cards/at88sc1604/driver.ts';

const counter = (field: BitField): CounterSpec => ({ field, countedBits: AT88SC1604_ATTEMPTS });
const zoneOf = (zone: ZoneNumber) => AT88SC1604_ZONES[zone - 1]!;

/** SELECT_CARD_TYPE `FF A4 00 00 01 0A`; the reader power-cycles the card, dropping every validation. */
export async function selectAt88sc1604(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'AT88SC1604');
}

export async function read(channel: ApduChannel, field: FieldRef, offset = 0, length?: number): Promise<Uint8Array> {
  return wire.readField(channel, resolveField(field), offset, length);
}

/** Clears the 0 bits of `data` (no erase); ApduError 65 81 when the card did not take them. */
export async function write(channel: ApduChannel, field: FieldRef, offset: number, data: Uint8Array): Promise<void> {
  await wire.writeField(channel, resolveField(field), offset, data);
}

/** Erases `count` bytes of `field` from byte `offset` (the AT88SC1604 erases byte by byte). */
export async function erase(channel: ApduChannel, field: FieldRef, offset: number, count = 1): Promise<void> {
  const target = resolveField(field);
  for (let done = 0; done < count; done += wire.ACS_MAX_CHUNK) {
    await wire.eraseField(channel, target, offset + done, Math.min(wire.ACS_MAX_CHUNK, count - done));
  }
}

/** Attempts left on a counter field: 'scac', { zone: 1, field: 'sac' } or { zone: n, field: 'eac' }. */
export async function attemptsLeft(channel: ApduChannel, counterField: FieldRef): Promise<number> {
  return wire.attemptsLeft(channel, counter(resolveField(counterField)));
}

/** `FF 20 00 00 02 SC`: guarded on SCAC; returns 8 when right, WrongCodeError with the attempts left otherwise. */
export async function presentSecurityCode(channel: ApduChannel, code: Uint8Array, options: PresentOptions = {}): Promise<number> {
  wire.checkLength(AT88SC1604_MAP.sc, code);
  return wire.presentCounted(channel, { name: 'SC', p1: 0x00, p2: 0x00, counter: counter(AT88SC1604_MAP.scac) }, code, options);
}

/**
 * `FF 20 00 0n 02 SCn`. Zone 1 has a counter (S1AC): guarded, answers the attempts left. Zones 2–4
 * have none: the chip gives no sign and the answer is undefined (a wrong code costs nothing, and
 * counts only after SC was presented).
 */
export async function presentZoneCode(channel: ApduChannel, zone: ZoneNumber, code: Uint8Array, options: PresentOptions = {}): Promise<number | undefined> {
  const z = zoneOf(zone);
  wire.checkLength(z.sc, code);
  if (z.sac) return wire.presentCounted(channel, { name: z.sc.name, p1: 0x00, p2: zone, counter: counter(z.sac) }, code, options);
  expectOk(await channel.transmit(commandApdu(ACS_CLA, 0x20, 0x00, zone, wire.acsBitOrder(code))), `present ${z.sc.name}`);
  return undefined;
}

/** `FF 20 01 0n 02 EZn`: guarded on EnAC; once right, bytes of AZn may be erased. Returns the attempts left (8). */
export async function presentEraseKey(channel: ApduChannel, zone: ZoneNumber, key: Uint8Array, options: PresentOptions = {}): Promise<number> {
  const z = zoneOf(zone);
  wire.checkLength(z.ez, key);
  return wire.presentCounted(channel, { name: z.ez.name, p1: 0x01, p2: zone, counter: counter(z.eac) }, key, options);
}

/** Presents EZn, then erases every byte of AZn (`FF D2` with MEM_L, ECh bytes at a time). Returns EnAC's attempts left. */
export async function eraseApplicationZone(channel: ApduChannel, zone: ZoneNumber, key: Uint8Array, options: PresentOptions = {}): Promise<number> {
  const left = await presentEraseKey(channel, zone, key, options);
  await erase(channel, { zone, field: 'az' }, 0, zoneOf(zone).az.bits / 8);
  return left;
}

export type At88sc1604Fuse = 'fuse1' | 'fuse2';

/** BLOWN_FUSE at the fuse's first bit (FUSE2 ends personalisation: security level 2). Needs level 1 and SC. */
export async function blowFuse(channel: ApduChannel, fuse: At88sc1604Fuse, options: wire.BlowFuseOptions = {}): Promise<void> {
  await wire.blowFuseAt(channel, AT88SC1604_MAP[fuse], options);
}

export async function fuseBlown(channel: ApduChannel, fuse: At88sc1604Fuse): Promise<boolean> {
  return (await wire.bitAt(channel, AT88SC1604_MAP[fuse].start)) === 0;
}
