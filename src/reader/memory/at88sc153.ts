/**
 * An AT88SC153 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference
 * manual v6.04 §9.3.3), over any ApduChannel. The zone is in the INS: B0/D0 + z for user zone z,
 * B3/D3 for zone 11b (the configuration zone), B4/D4 for the fuses. Writes the reader refuses
 * (65 81) throw ApduError; passwords are presented through guardPresentation after reading their
 * counter. INITIALIZE/VERIFY_AUTHENTICATION (`FF 84`, `FF 82`) are not offered: stbpay has no cipher.
 */
import { InputError } from '../../core/errors.ts';
import { FUSE, PAGE_SIZE, SECURE_CODE, USER_ZONES, ZONE_SIZE, pacAddress, passwordIndex, type PasswordRef } from '../../cards/at88sc153/commands.ts';
import { commandApdu, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import { at88I2cOperations, type At88I2cEncoding } from './at88-i2c-ops.ts';
import { readInChunks, selectCardType, writeInChunks, type TransferOptions } from './transfer.ts';

export { PAGE_SIZE as AT88SC153_PAGE_SIZE };
export type { TransferOptions };
export type { FuseStatus } from './at88-i2c-ops.ts';

const INS = { read: 0xb0, write: 0xd0 } as const;
/** Zone numbers in the INS: 0..2 user zones, 3 configuration (11b), 4 fuses. [ACR38x §9.3.3.2] */
const CONFIG_ZONE = 3;
const FUSE_ZONE = 4;

/**
 * `FF B4 00 00 01` reads the fuse byte, `FF D4 00 00 01 ff` blows fuse ff (01 FAB, 02 CMA, 04 PER);
 * VERIFY_PASSWORD is `FF 20 00 rp 03 pw`, rp = `0000 00rp` [ACR38x §9.3.3.2–4].
 */
const ENCODING: At88I2cEncoding<PasswordRef> = {
  part: 'AT88SC153',
  secureCode: SECURE_CODE,
  readFuses: { ins: INS.read + FUSE_ZONE, p1: 0, p2: 0 },
  blowFuse: (fuse) => commandApdu(ACS_CLA, INS.write + FUSE_ZONE, 0, 0, Uint8Array.of(FUSE[fuse])),
  checkPassword,
  pacAddress,
  readConfig: (channel, address, length) => readConfig(channel, address, length),
  verifyPassword: (ref, password) => ({ p2: passwordIndex(ref), data: password }),
};

/** SELECT_CARD_TYPE `FF A4 00 00 01 03`: the reader power-cycles the card, dropping any verified password. */
export async function selectAt88sc153(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'AT88SC153');
}

/** READ_MEMORY_CARD `FF B0+z 00 aa LL` of user zone z (0..2). [ACR38x §9.3.3.2] */
export async function readUserZone(channel: ApduChannel, zone: number, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  checkZone(zone);
  return readZone(channel, zone, address, length, options, `user zone ${zone}`);
}

/** WRITE_MEMORY_CARD `FF D0+z 00 aa LL data` of user zone z; the reader splits it in 8-byte pages. [ACR38x §9.3.3.3] */
export async function writeUserZone(channel: ApduChannel, zone: number, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  checkZone(zone);
  await writeZone(channel, zone, address, data, options, `user zone ${zone}`);
}

/** `FF B3 00 aa LL`: the 64-byte configuration zone; bytes the card keeps secret read 00 or the fuse byte. */
export async function readConfig(channel: ApduChannel, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  return readZone(channel, CONFIG_ZONE, address, length, options, 'configuration zone');
}

/** `FF D3 00 aa LL data`: needs the secure code (or a set's write password for its passwords). */
export async function writeConfig(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  return writeZone(channel, CONFIG_ZONE, address, data, options, 'configuration zone');
}

/**
 * Fuses and passwords, done as at88-i2c-ops.ts does them for both parts: `FF B4 00 00 01` reads the
 * fuse byte, `FF D4 00 00 01 ff` blows fuse ff (01 FAB, 02 CMA, 04 PER) [ACR38x §9.3.3.2–3], sent
 * only for the next intact fuse; VERIFY_PASSWORD `FF 20 00 rp 03 pw` → `90 ErrorCnt` [ACR38x
 * §9.3.3.4], guarded on the password's attempts counter; the secure code is Write 1 (rp = 01) [1016 p12].
 */
export const { readFuses, blowFuse, passwordAttemptsLeft, verifyPassword, presentSecureCode } = at88I2cOperations(ENCODING);

function readZone(channel: ApduChannel, zone: number, address: number, length: number, options: TransferOptions, area: string): Promise<Uint8Array> {
  return readInChunks(channel, { ins: INS.read + zone, address, length, area: { size: ZONE_SIZE, name: `AT88SC153 ${area}` }, encode: (at) => [0, at] }, options);
}

async function writeZone(channel: ApduChannel, zone: number, address: number, data: Uint8Array, options: TransferOptions, area: string): Promise<void> {
  await writeInChunks(channel, { ins: INS.write + zone, address, data, area: { size: ZONE_SIZE, name: `AT88SC153 ${area}` }, encode: (at) => [0, at] }, options);
}

function checkZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= USER_ZONES) throw new InputError('zone', `the AT88SC153 has user zones 0..${USER_ZONES - 1}, got ${zone}`);
}

function checkPassword(ref: PasswordRef): void {
  if (ref.set !== 0 && ref.set !== 1) throw new InputError('password set', `the AT88SC153 has sets 0 and 1, got ${String(ref.set)}`);
}
