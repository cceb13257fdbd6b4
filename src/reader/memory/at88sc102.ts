/**
 * AT88SC102 operations through an ACS-compatible reader (card type 09, ACR38x CCID reference manual
 * v6.04 §9.3.9). Fields, offsets and bytes are the datasheet's, as in src/cards/at88sc102/driver.ts:
 * bit n of a field is bit 7 − (n mod 8) of its byte. ACS sends each byte LSB first ("the bit at card
 * address 0 is regarded as the LSB of byte 0", §9.3.9.3), so every data and code byte is bit-reversed
 * on the wire — a code sent in datasheet order would be a wrong code and cost an attempt.
 */
import { AT88SC102_EC2_ERASES, AT88SC102_MAP, AT88SC102_SC_ATTEMPTS } from '../../cards/at88sc102/commands.ts';
import type { CounterSpec } from '../../cards/at88sc102/driver-core.ts';
import { commandApdu, expectOk, splitResponse, type ApduChannel } from '../apdu.ts';
import { ACS_CLA, SW } from './acs-pseudo-apdu.ts';
import { ReaderCodeLockedError, WrongCodeError, guardPresentation, type PresentOptions } from './code-guard.ts';
import * as wire from './at88sc10x-wire.ts';
import { selectCardType } from './transfer.ts';

export type { BlowFuseOptions } from './at88sc10x-wire.ts';

export type At88sc102Field = keyof typeof AT88SC102_MAP;
export type At88sc102Fuse = 'manufacturerFuse' | 'ec2enFuse' | 'issuerFuse';

const SCAC: CounterSpec = { field: AT88SC102_MAP.scac, countedBits: AT88SC102_SC_ATTEMPTS };
const EC2: CounterSpec = { field: AT88SC102_MAP.ec2, countedBits: AT88SC102_EC2_ERASES };

/** SELECT_CARD_TYPE `FF A4 00 00 01 09`; the reader power-cycles the card, dropping a validated code. */
export async function selectAt88sc102(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'AT88SC102');
}

export async function read(channel: ApduChannel, field: At88sc102Field, offset = 0, length?: number): Promise<Uint8Array> {
  return wire.readField(channel, AT88SC102_MAP[field], offset, length);
}

/** WRITE_MEMORY_CARD: clears the 0 bits of `data` (no erase). The reader answers 65 81 when the card did not take them. */
export async function write(channel: ApduChannel, field: At88sc102Field, offset: number, data: Uint8Array): Promise<void> {
  await wire.writeField(channel, AT88SC102_MAP[field], offset, data);
}

/** ERASE_NON_APPLICATION_ZONE `FF D2 00 b 00`: erases the 16-bit word holding byte `offset` of `field`. */
export async function erase(channel: ApduChannel, field: At88sc102Field, offset: number): Promise<void> {
  await wire.eraseField(channel, AT88SC102_MAP[field], offset, 0);
}

/** Attempts left on SCAC: 4 when none was spent, 0 when the card is locked. */
export async function securityCodeAttemptsLeft(channel: ApduChannel): Promise<number> {
  return wire.attemptsLeft(channel, SCAC);
}

/** AZ2 erases left on EC2 (counted while the EC2EN fuse is intact). */
export async function ec2ErasesLeft(channel: ApduChannel): Promise<number> {
  return wire.attemptsLeft(channel, EC2);
}

/**
 * VERIFY_SECURITY_CODE `FF 20 08 0A 02 SC`. Reads SCAC first and refuses at one attempt left unless
 * `insist`; ACS answers 90 00 either way, so SCAC is read back: all four attempts restored = right
 * code (returns 4), otherwise WrongCodeError with the attempts left.
 */
export async function presentSecurityCode(channel: ApduChannel, code: Uint8Array, options: PresentOptions = {}): Promise<number> {
  wire.checkLength(AT88SC102_MAP.sc, code);
  return wire.presentCounted(channel, { name: 'SC', p1: 0x08, p2: 0x0a, counter: SCAC }, code, options);
}

/**
 * Erases a whole application zone with its erase key: ERASE_APPLICATION_ZONE_WITH_ERASE (`FF 20 00
 * 56 06 EZ1`, `FF 20 00 9C 04 EZ2`) or, while the EC2EN fuse is intact, _WITH_WRITE_AND_ERASE
 * (`FF 20 80 9C 04 EZ2`), which spends one EC2 bit whether the key is right or not: that one is
 * guarded like a code. Returns the AZ2 erases left when EC2 counted, undefined otherwise. A zone the
 * host cannot read (R = 0, code not presented) reads FF whatever happened, so a wrong key goes
 * unnoticed there.
 */
export async function eraseApplicationZone(channel: ApduChannel, zone: 1 | 2, eraseKey: Uint8Array, options: PresentOptions = {}): Promise<number | undefined> {
  const key = zone === 1 ? AT88SC102_MAP.ez1 : AT88SC102_MAP.ez2;
  wire.checkLength(key, eraseKey);
  const counted = zone === 2 && !(await fuseBlown(channel, 'ec2enFuse'));
  if (counted) guardPresentation('EC2', await ec2ErasesLeft(channel), options);
  const response = await channel.transmit(commandApdu(ACS_CLA, 0x20, counted ? 0x80 : 0x00, key.start / 8, wire.acsBitOrder(eraseKey)));
  const sw = splitResponse(response).sw;
  if (sw === SW.noMoreRetries) throw new ReaderCodeLockedError('EC2');
  // 65 81: our reader saw the zone unerased; any other refusal is the reader's, not the key's.
  if (sw !== SW.memoryFailure) expectOk(response, `erase AZ${zone} with ${key.name}`);
  const left = counted ? await ec2ErasesLeft(channel) : undefined;
  // ACS answers 90 00 whatever the key: read the zone back, as its note says.
  if (sw === SW.ok && (await read(channel, zone === 1 ? 'az1' : 'az2')).every((b) => b === 0xff)) return left;
  throw left === undefined ? new wire.WrongEraseKeyError(key.name) : new WrongCodeError(key.name, left);
}

/** BLOWN_FUSE `FF 05 00 00 04 AH AL 01 01` (FUS and RST high, ACR38x §9.3.9.8). Needs security level 1 and SC. */
export async function blowFuse(channel: ApduChannel, fuse: At88sc102Fuse, options: wire.BlowFuseOptions = {}): Promise<void> {
  await wire.blowFuseAt(channel, AT88SC102_MAP[fuse], options);
}

/** Whether a fuse reads blown (its bit 0). */
export async function fuseBlown(channel: ApduChannel, fuse: At88sc102Fuse): Promise<boolean> {
  return (await wire.bitAt(channel, AT88SC102_MAP[fuse].start)) === 0;
}
