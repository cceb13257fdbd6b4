/**
 * An AT88SC1608 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference
 * manual v6.04 §9.3.4), over any ApduChannel. The user zone travels in P1 (`0000 0 A10 A9 A8`):
 * the reader sends Set User Zone Address itself, so "setting the user zone" is host state only
 * (`selectUserZone`). Every transfer stays inside one zone. Writes the reader refuses (65 81) throw
 * ApduError; passwords are presented through guardPresentation after reading their counter.
 * INITIALIZE/VERIFY_AUTHENTICATION (`FF 84`, `FF 82`) are not offered: stbpay has no cipher.
 */
import { InputError } from '../../core/errors.ts';
import { CONFIG_SIZE, FUSE_ADDRESS, PAGE_SIZE, SECURE_CODE, ZONE_COUNT, ZONE_SIZE, passwordIndex, type PasswordRef } from '../../cards/at88sc1608/commands.ts';
import { pacAddress } from '../../cards/at88sc1608/config-map.ts';
import { commandApdu, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import { at88I2cOperations, type At88I2cEncoding } from './at88-i2c-ops.ts';
import { readInChunks, selectCardType, writeInChunks, type MemoryArea, type TransferOptions } from './transfer.ts';

export { PAGE_SIZE as AT88SC1608_PAGE_SIZE };
export type { TransferOptions };
export type { FuseStatus } from './at88-i2c-ops.ts';

const INS = { readUser: 0xb0, readConfig: 0xb1, writeUser: 0xd0, writeConfig: 0xd1 } as const;
const MAX_PASSWORD_SET = 7;
const CONFIG_ZONE: MemoryArea = { size: CONFIG_SIZE, name: 'AT88SC1608 configuration zone' };
const userZone = (zone: number): MemoryArea => ({ size: ZONE_SIZE, name: `AT88SC1608 user zone ${zone}` });

/**
 * `FF B1 00 80 01` reads the fuse byte ("1000 0000b for reading fuse"), `FF D1 00 80 01 00` blows the
 * next intact fuse; VERIFY_PASSWORD is `FF 20 00 00 04 RP pw`, RP = `0000 r p2 p1 p0` [ACR38x §9.3.4.2–4].
 */
const ENCODING: At88I2cEncoding<PasswordRef> = {
  part: 'AT88SC1608',
  secureCode: SECURE_CODE,
  readFuses: { ins: INS.readConfig, p1: 0, p2: FUSE_ADDRESS },
  blowFuse: () => commandApdu(ACS_CLA, INS.writeConfig, 0, FUSE_ADDRESS, Uint8Array.of(0x00)),
  checkPassword,
  pacAddress,
  readConfig: (channel, address, length) => readConfig(channel, address, length),
  verifyPassword: (ref, password) => ({ p2: 0, data: Uint8Array.of(passwordIndex(ref), ...password) }),
};

/** SELECT_CARD_TYPE `FF A4 00 00 01 04`: the reader power-cycles the card, dropping any verified password. */
export async function selectAt88sc1608(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'AT88SC1608');
}

/** READ_MEMORY_CARD `FF B0 0z aa LL` in chunks of at most `maxReadLength`, inside zone `zone`. [ACR38x §9.3.4.2] */
export async function readUserZone(channel: ApduChannel, zone: number, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  checkZone(zone);
  return readInChunks(channel, { ins: INS.readUser, address, length, area: userZone(zone), encode: (at) => [zone, at] }, options);
}

/** WRITE_MEMORY_CARD `FF D0 0z aa LL data` in chunks of at most `maxWriteLength`; the reader pages them. [ACR38x §9.3.4.3] */
export async function writeUserZone(channel: ApduChannel, zone: number, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  checkZone(zone);
  await writeInChunks(channel, { ins: INS.writeUser, address, data, area: userZone(zone), encode: (at) => [zone, at] }, options);
}

/** One user zone, as the chip's Set User Zone Address selects it [0971H §10.1]; the zone rides in P1 of each APDU. */
export interface At88sc1608UserZone {
  readonly zone: number;
  read(address: number, length: number, options?: TransferOptions): Promise<Uint8Array>;
  write(address: number, data: Uint8Array, options?: TransferOptions): Promise<void>;
}

/** "Set user zone": a handle that reads and writes zone `zone`. Sends nothing by itself. */
export function selectUserZone(channel: ApduChannel, zone: number): At88sc1608UserZone {
  checkZone(zone);
  return {
    zone,
    read: (address, length, options) => readUserZone(channel, zone, address, length, options),
    write: (address, data, options) => writeUserZone(channel, zone, address, data, options),
  };
}

/** `FF B1 00 aa LL`: the 128-byte configuration zone; bytes the card keeps secret read 00. [ACR38x §9.3.4.2] */
export async function readConfig(channel: ApduChannel, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  return readInChunks(channel, { ins: INS.readConfig, address, length, area: CONFIG_ZONE, encode: (at) => [0, at] }, options);
}

/** `FF D1 00 aa LL data`: needs the secure code (or a set's write password for its passwords). [ACR38x §9.3.4.3] */
export async function writeConfig(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  await writeInChunks(channel, { ins: INS.writeConfig, address, data, area: CONFIG_ZONE, encode: (at) => [0, at] }, options);
}

/**
 * Fuses and passwords, done as at88-i2c-ops.ts does them for both parts: `FF B1 00 80 01` reads the
 * fuse byte, `FF D1 00 80 01 00` blows the next intact fuse [ACR38x §9.3.4.2–3]; VERIFY_PASSWORD
 * `FF 20 00 00 04 RP pw` → `90 ErrorCnt` [ACR38x §9.3.4.4], guarded on the password's attempts
 * counter; the secure code is Write 7 [0971H p8].
 */
export const { readFuses, blowFuse, passwordAttemptsLeft, verifyPassword, presentSecureCode } = at88I2cOperations(ENCODING);

function checkZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= ZONE_COUNT) throw new InputError('zone', `the AT88SC1608 has user zones 0..${ZONE_COUNT - 1}, got ${zone}`);
}

function checkPassword(ref: PasswordRef): void {
  if (!Number.isInteger(ref.set) || ref.set < 0 || ref.set > MAX_PASSWORD_SET) {
    throw new InputError('password set', `the AT88SC1608 has sets 0..${MAX_PASSWORD_SET}, got ${ref.set}`);
  }
}
