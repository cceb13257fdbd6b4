import { InputError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import { PAC_FULL, attemptsLeft } from '../../cards/at88-i2c/attempts-counter.ts';
import { At88FuseError } from '../../cards/at88-i2c/errors.ts';
import { FUSE_BIT, FUSE_ORDER, fuseIntact, type FuseName } from '../../cards/at88-i2c/fuses.ts';
import { CONFIG_SIZE, FUSE_ADDRESS, PAGE_SIZE, SECURE_CODE, ZONE_COUNT, ZONE_SIZE, describePassword, passwordIndex, type PasswordRef } from '../../cards/at88sc1608/commands.ts';
import { pacAddress } from '../../cards/at88sc1608/config-map.ts';
import { commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import { interpretPresentCode, presentGuarded } from './present-code.ts';
import { expectWritten, readInChunks, transferLimit, writeInChunks, type TransferOptions } from './transfer.ts';

/**
 * An AT88SC1608 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference
 * manual v6.04 §9.3.4), over any ApduChannel. The user zone travels in P1 (`0000 0 A10 A9 A8`):
 * the reader sends Set User Zone Address itself, so "setting the user zone" is host state only
 * (`selectUserZone`). Every transfer stays inside one zone. Writes the reader refuses (65 81) throw
 * ApduError; passwords are presented through guardPresentation after reading their counter.
 * INITIALIZE/VERIFY_AUTHENTICATION (`FF 84`, `FF 82`) are not offered: stbpay has no cipher.
 */

const CLA = 0xff;
/** SELECT_CARD_TYPE code of the AT88SC1608 (16-byte page write). [ACR38x §9.3.4.1] */
export const AT88SC1608_SELECT_CODE = 0x04;
export { PAGE_SIZE as AT88SC1608_PAGE_SIZE };
export type { TransferOptions };

const INS = { select: 0xa4, readUser: 0xb0, readConfig: 0xb1, writeUser: 0xd0, writeConfig: 0xd1, verify: 0x20 } as const;

const codeName = (ref: PasswordRef): string =>
  ref.set === SECURE_CODE.set && ref.kind === SECURE_CODE.kind ? 'AT88SC1608 secure code (Write 7)' : `AT88SC1608 ${describePassword(ref)} password`;

/** SELECT_CARD_TYPE `FF A4 00 00 01 04`: the reader power-cycles the card, dropping any verified password. */
export async function selectAt88sc1608(channel: ApduChannel): Promise<void> {
  expectOk(await channel.transmit(commandApdu(CLA, INS.select, 0, 0, Uint8Array.of(AT88SC1608_SELECT_CODE))), 'SELECT_CARD_TYPE 04');
}

/** READ_MEMORY_CARD `FF B0 0z aa LL` in chunks of at most `maxReadLength`, inside zone `zone`. [ACR38x §9.3.4.2] */
export async function readUserZone(channel: ApduChannel, zone: number, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  checkZone(zone);
  checkRange(address, length, ZONE_SIZE, `user zone ${zone}`);
  const max = transferLimit(options.maxReadLength, 'maxReadLength');
  return readInChunks(channel, { ins: INS.readUser, address, length, max, encode: (at) => [zone, at] });
}

/** WRITE_MEMORY_CARD `FF D0 0z aa LL data` in chunks of at most `maxWriteLength`; the reader pages them. [ACR38x §9.3.4.3] */
export async function writeUserZone(channel: ApduChannel, zone: number, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  checkZone(zone);
  checkRange(address, data.length, ZONE_SIZE, `user zone ${zone}`);
  const max = transferLimit(options.maxWriteLength, 'maxWriteLength');
  await writeInChunks(channel, { ins: INS.writeUser, address, data, max, encode: (at) => [zone, at] });
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
  checkRange(address, length, CONFIG_SIZE, 'configuration zone');
  const max = transferLimit(options.maxReadLength, 'maxReadLength');
  return readInChunks(channel, { ins: INS.readConfig, address, length, max, encode: (at) => [0, at] });
}

/** `FF D1 00 aa LL data`: needs the secure code (or a set's write password for its passwords). [ACR38x §9.3.4.3] */
export async function writeConfig(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  checkRange(address, data.length, CONFIG_SIZE, 'configuration zone');
  const max = transferLimit(options.maxWriteLength, 'maxWriteLength');
  await writeInChunks(channel, { ins: INS.writeConfig, address, data, max, encode: (at) => [0, at] });
}

export interface FuseStatus {
  /** The fuse byte, 1 = intact (bit 0 FAB, bit 1 CMA, bit 2 PER: docs/cards/at88sc1608.md). */
  readonly fuseByte: number;
  readonly blown: Readonly<Record<FuseName, boolean>>;
}

/** `FF B1 00 80 01`: the fuse byte ("1000 0000b for reading fuse"). [ACR38x §9.3.4.2] */
export async function readFuses(channel: ApduChannel): Promise<FuseStatus> {
  const [fuseByte = 0] = expectOk(await channel.transmit(commandApdu(CLA, INS.readConfig, 0, FUSE_ADDRESS, undefined, 1)), 'read fuses');
  return { fuseByte, blown: { FAB: !fuseIntact(fuseByte, 'FAB'), CMA: !fuseIntact(fuseByte, 'CMA'), PER: !fuseIntact(fuseByte, 'PER') } };
}

/**
 * `FF D1 00 80 01 00` blows the next intact fuse, for good; needs the secure code. Sends it only
 * when `fuse` is that next one (FAB, CMA, PER order), else At88FuseError with nothing sent.
 */
export async function blowFuse(channel: ApduChannel, fuse: FuseName): Promise<void> {
  const { fuseByte, blown } = await readFuses(channel);
  if (blown[fuse]) throw new At88FuseError(fuse, fuseByte, 'already blown');
  const next = FUSE_ORDER.find((name) => !blown[name]);
  if (next !== fuse) throw new At88FuseError(fuse, fuseByte, `fuses blow in order FAB, CMA, PER; ${next} comes first`);
  expectWritten(await channel.transmit(commandApdu(CLA, INS.writeConfig, 0, FUSE_ADDRESS, Uint8Array.of(0x00))), `blow ${fuse} (fuse bit ${FUSE_BIT[fuse]})`);
}

/** Attempts left on a password: its attempts counter, read from the configuration zone. */
export async function passwordAttemptsLeft(channel: ApduChannel, ref: PasswordRef): Promise<number> {
  checkPassword(ref);
  const [pac = 0] = await readConfig(channel, pacAddress(ref), 1);
  return attemptsLeft(pac);
}

/**
 * VERIFY_PASSWORD `FF 20 00 00 04 RP pw` → `90 ErrorCnt` [ACR38x §9.3.4.4]. Reads the password's
 * attempts counter first: at 0 attempts CodeLockedError, at 1 LastAttemptRefusedError unless
 * `insist`, with nothing sent. Returns the attempts left (8 after the right password); a wrong one
 * throws WrongCodeError with the attempts the card now shows.
 */
export async function verifyPassword(channel: ApduChannel, ref: PasswordRef, password: Uint8Array, options: PresentOptions = {}): Promise<number> {
  checkPassword(ref);
  if (password.length !== 3) throw new InputError('password', `an AT88SC1608 password is 3 bytes, got ${password.length}: ${toHex(password)}`);
  const name = codeName(ref);
  const response = await presentGuarded(channel, {
    codeName: name,
    attemptsLeft: await passwordAttemptsLeft(channel, ref),
    command: commandApdu(CLA, INS.verify, 0, 0, Uint8Array.of(passwordIndex(ref), ...password)),
    options,
  });
  return interpretPresentCode(response, { codeName: name, correct: PAC_FULL, attemptsLeft });
}

/** The secure code is Write 7 [0971H p8]. */
export const presentSecureCode = (channel: ApduChannel, code: Uint8Array, options: PresentOptions = {}): Promise<number> =>
  verifyPassword(channel, SECURE_CODE, code, options);

function checkZone(zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= ZONE_COUNT) throw new InputError('zone', `the AT88SC1608 has user zones 0..${ZONE_COUNT - 1}, got ${zone}`);
}

function checkPassword(ref: PasswordRef): void {
  if (!Number.isInteger(ref.set) || ref.set < 0 || ref.set > 7) throw new InputError('password set', `the AT88SC1608 has sets 0..7, got ${ref.set}`);
}

function checkRange(address: number, length: number, size: number, area: string): void {
  if (!Number.isInteger(address) || address < 0 || address >= size) {
    throw new InputError('address', `${address} is outside the AT88SC1608 ${area} (0..${size - 1})`);
  }
  if (!Number.isInteger(length) || length < 1 || address + length > size) {
    throw new InputError('length', `${length} byte(s) at ${address} do not fit the AT88SC1608 ${area} (0..${size - 1})`);
  }
}
