import { InputError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import { PAC_FULL, attemptsLeft } from '../../cards/at88-i2c/attempts-counter.ts';
import { At88FuseError } from '../../cards/at88-i2c/errors.ts';
import { FUSE_ORDER, fuseIntact } from '../../cards/at88-i2c/fuses.ts';
import { describePassword } from '../../cards/at88-i2c/password.ts';
import { FUSE, PAGE_SIZE, PASSWORD_LENGTH, SECURE_CODE, USER_ZONES, ZONE_SIZE, pacAddress, passwordIndex, type FuseName, type PasswordRef } from '../../cards/at88sc153/commands.ts';
import { commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import { interpretPresentCode, presentGuarded } from './present-code.ts';
import { expectWritten, readInChunks, transferLimit, writeInChunks, type TransferOptions } from './transfer.ts';

/**
 * An AT88SC153 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference
 * manual v6.04 §9.3.3), over any ApduChannel. The zone is in the INS: B0/D0 + z for user zone z,
 * B3/D3 for zone 11b (the configuration zone), B4/D4 for the fuses. Writes the reader refuses
 * (65 81) throw ApduError; passwords are presented through guardPresentation after reading their
 * counter. INITIALIZE/VERIFY_AUTHENTICATION (`FF 84`, `FF 82`) are not offered: stbpay has no cipher.
 */

const CLA = 0xff;
/** SELECT_CARD_TYPE code of the AT88SC153 (8-byte page write). [ACR38x §9.3.3.1] */
export const AT88SC153_SELECT_CODE = 0x03;
export { PAGE_SIZE as AT88SC153_PAGE_SIZE };
export type { TransferOptions };

const INS = { select: 0xa4, read: 0xb0, write: 0xd0, verify: 0x20 } as const;
/** Zone numbers in the INS: 0..2 user zones, 3 configuration (11b), 4 fuses. [ACR38x §9.3.3.2] */
const CONFIG_ZONE = 3;
const FUSE_ZONE = 4;

const codeName = (ref: PasswordRef): string =>
  ref.set === SECURE_CODE.set && ref.kind === SECURE_CODE.kind ? 'AT88SC153 secure code (Write 1)' : `AT88SC153 ${describePassword(ref)} password`;

/** SELECT_CARD_TYPE `FF A4 00 00 01 03`: the reader power-cycles the card, dropping any verified password. */
export async function selectAt88sc153(channel: ApduChannel): Promise<void> {
  expectOk(await channel.transmit(commandApdu(CLA, INS.select, 0, 0, Uint8Array.of(AT88SC153_SELECT_CODE))), 'SELECT_CARD_TYPE 03');
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

export interface FuseStatus {
  /** The fuse byte as Read Fuses gives it: `0000 0 PER CMA FAB`, 1 = intact. */
  readonly fuseByte: number;
  readonly blown: Readonly<Record<FuseName, boolean>>;
}

/** `FF B4 00 00 01`: the fuse byte. [ACR38x §9.3.3.2] */
export async function readFuses(channel: ApduChannel): Promise<FuseStatus> {
  const [fuseByte = 0] = expectOk(await channel.transmit(commandApdu(CLA, INS.read + FUSE_ZONE, 0, 0, undefined, 1)), 'read fuses');
  return { fuseByte, blown: { FAB: !fuseIntact(fuseByte, 'FAB'), CMA: !fuseIntact(fuseByte, 'CMA'), PER: !fuseIntact(fuseByte, 'PER') } };
}

/**
 * `FF D4 00 00 01 ff` blows fuse ff (01 FAB, 02 CMA, 04 PER), for good; needs the secure code.
 * Sent only when `fuse` is the next intact one (FAB, CMA, PER order), else At88FuseError with nothing sent.
 */
export async function blowFuse(channel: ApduChannel, fuse: FuseName): Promise<void> {
  const { fuseByte, blown } = await readFuses(channel);
  if (blown[fuse]) throw new At88FuseError(fuse, fuseByte, 'already blown');
  const next = FUSE_ORDER.find((name) => !blown[name]);
  if (next !== fuse) throw new At88FuseError(fuse, fuseByte, `fuses blow in order FAB, CMA, PER; ${next} comes first`);
  expectWritten(await channel.transmit(commandApdu(CLA, INS.write + FUSE_ZONE, 0, 0, Uint8Array.of(FUSE[fuse]))), `blow ${fuse}`);
}

/** Attempts left on a password: its attempts counter, read from the configuration zone. */
export async function passwordAttemptsLeft(channel: ApduChannel, ref: PasswordRef): Promise<number> {
  checkPassword(ref);
  const [pac = 0] = await readConfig(channel, pacAddress(ref), 1);
  return attemptsLeft(pac);
}

/**
 * VERIFY_PASSWORD `FF 20 00 rp 03 pw` → `90 ErrorCnt` [ACR38x §9.3.3.4]. Reads the password's
 * attempts counter first: at 0 attempts CodeLockedError, at 1 LastAttemptRefusedError unless
 * `insist`, with nothing sent. Returns the attempts left (8 after the right password); a wrong one
 * throws WrongCodeError with the attempts the card now shows.
 */
export async function verifyPassword(channel: ApduChannel, ref: PasswordRef, password: Uint8Array, options: PresentOptions = {}): Promise<number> {
  checkPassword(ref);
  if (password.length !== PASSWORD_LENGTH) {
    throw new InputError('password', `an AT88SC153 password is ${PASSWORD_LENGTH} bytes, got ${password.length}: ${toHex(password)}`);
  }
  const name = codeName(ref);
  const response = await presentGuarded(channel, {
    codeName: name,
    attemptsLeft: await passwordAttemptsLeft(channel, ref),
    command: commandApdu(CLA, INS.verify, 0, passwordIndex(ref), password),
    options,
  });
  return interpretPresentCode(response, { codeName: name, correct: PAC_FULL, attemptsLeft });
}

/** The secure code is Write 1 (rp = 01) [1016 p12]. */
export const presentSecureCode = (channel: ApduChannel, code: Uint8Array, options: PresentOptions = {}): Promise<number> =>
  verifyPassword(channel, SECURE_CODE, code, options);

function readZone(channel: ApduChannel, zone: number, address: number, length: number, options: TransferOptions, area: string): Promise<Uint8Array> {
  checkRange(address, length, area);
  const max = transferLimit(options.maxReadLength, 'maxReadLength');
  return readInChunks(channel, { ins: INS.read + zone, address, length, max, encode: (at) => [0, at] });
}

async function writeZone(channel: ApduChannel, zone: number, address: number, data: Uint8Array, options: TransferOptions, area: string): Promise<void> {
  checkRange(address, data.length, area);
  const max = transferLimit(options.maxWriteLength, 'maxWriteLength');
  await writeInChunks(channel, { ins: INS.write + zone, address, data, max, encode: (at) => [0, at] });
}

function checkZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= USER_ZONES) throw new InputError('zone', `the AT88SC153 has user zones 0..${USER_ZONES - 1}, got ${zone}`);
}

function checkPassword(ref: PasswordRef): void {
  if (ref.set !== 0 && ref.set !== 1) throw new InputError('password set', `the AT88SC153 has sets 0 and 1, got ${String(ref.set)}`);
}

function checkRange(address: number, length: number, area: string): void {
  if (!Number.isInteger(address) || address < 0 || address >= ZONE_SIZE) {
    throw new InputError('address', `${address} is outside the AT88SC153 ${area} (0..${ZONE_SIZE - 1})`);
  }
  if (!Number.isInteger(length) || length < 1 || address + length > ZONE_SIZE) {
    throw new InputError('length', `${length} byte(s) at ${address} do not fit the AT88SC153 ${area} (0..${ZONE_SIZE - 1})`);
  }
}
