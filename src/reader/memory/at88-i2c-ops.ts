/**
 * The operations the AT88SC153 and AT88SC1608 share through an ACS-compatible reader (ACR38x-CCID
 * reference manual v6.04 §9.3.3/§9.3.4): fuse byte, fuse blowing in FAB, CMA, PER order, and password
 * presentation guarded on the password's attempts counter. Each part says how it encodes them.
 */
import { InputError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import { PAC_FULL, attemptsLeft } from '../../cards/at88-i2c/attempts-counter.ts';
import { At88FuseError } from '../../cards/at88-i2c/errors.ts';
import { FUSE_ORDER, fuseIntact, type FuseName } from '../../cards/at88-i2c/fuses.ts';
import { describePassword, samePassword, type PasswordRef } from '../../cards/at88-i2c/password.ts';
import { commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import { interpretPresentCode, presentGuarded } from './present-code.ts';
import { expectWritten } from './transfer.ts';

const VERIFY_PASSWORD = 0x20;
/** 24-bit passwords on both parts [1016 Features; 0971H p8]. */
const PASSWORD_LENGTH = 3;

/** How one part puts the shared operations into pseudo-APDUs. */
export interface At88I2cEncoding<Ref extends PasswordRef> {
  /** 'AT88SC153': names the part in messages. */
  readonly part: string;
  /** The secure code, named as such in messages. */
  readonly secureCode: Ref;
  /** READ of the fuse byte, `FF ins p1 p2 01`. */
  readonly readFuses: { readonly ins: number; readonly p1: number; readonly p2: number };
  /** The APDU that blows `fuse` (the next intact one). */
  blowFuse(fuse: FuseName): Uint8Array;
  /** InputError unless the part has this password. */
  checkPassword(ref: Ref): void;
  /** Configuration address of the password's attempts counter. */
  pacAddress(ref: Ref): number;
  readConfig(channel: ApduChannel, address: number, length: number): Promise<Uint8Array>;
  /** P2 and the data of VERIFY_PASSWORD `FF 20 00 P2 Lc data` for `ref`. */
  verifyPassword(ref: Ref, password: Uint8Array): { readonly p2: number; readonly data: Uint8Array };
}

export interface FuseStatus {
  /** The fuse byte as Read Fuses gives it: `0000 0 PER CMA FAB`, 1 = intact. */
  readonly fuseByte: number;
  readonly blown: Readonly<Record<FuseName, boolean>>;
}

export async function readFuses<Ref extends PasswordRef>(channel: ApduChannel, encoding: At88I2cEncoding<Ref>): Promise<FuseStatus> {
  const { ins, p1, p2 } = encoding.readFuses;
  const [fuseByte = 0] = expectOk(await channel.transmit(commandApdu(ACS_CLA, ins, p1, p2, undefined, 1)), 'read fuses');
  return { fuseByte, blown: { FAB: !fuseIntact(fuseByte, 'FAB'), CMA: !fuseIntact(fuseByte, 'CMA'), PER: !fuseIntact(fuseByte, 'PER') } };
}

/**
 * Blows `fuse` for good (needs the secure code). Sent only when `fuse` is the next intact one (FAB,
 * CMA, PER order), else At88FuseError with nothing sent; a refusal (65 81) throws ApduError.
 */
export async function blowFuse<Ref extends PasswordRef>(channel: ApduChannel, encoding: At88I2cEncoding<Ref>, fuse: FuseName): Promise<void> {
  const { fuseByte, blown } = await readFuses(channel, encoding);
  if (blown[fuse]) throw new At88FuseError(fuse, fuseByte, 'already blown');
  const next = FUSE_ORDER.find((name) => !blown[name]);
  if (next !== fuse) throw new At88FuseError(fuse, fuseByte, `fuses blow in order FAB, CMA, PER; ${next} comes first`);
  expectWritten(await channel.transmit(encoding.blowFuse(fuse)), `blow ${fuse}`);
}

/** Attempts left on a password: its attempts counter, read from the configuration zone. */
export async function passwordAttemptsLeft<Ref extends PasswordRef>(channel: ApduChannel, encoding: At88I2cEncoding<Ref>, ref: Ref): Promise<number> {
  encoding.checkPassword(ref);
  const [pac = 0] = await encoding.readConfig(channel, encoding.pacAddress(ref), 1);
  return attemptsLeft(pac);
}

/**
 * VERIFY_PASSWORD → `90 ErrorCnt` [ACR38x §9.3.3.4, §9.3.4.4]. Reads the password's attempts counter
 * first: at 0 attempts ReaderCodeLockedError, at 1 LastAttemptRefusedError unless `insist`, with nothing
 * sent. Returns the attempts left (8 after the right password); a wrong one throws WrongCodeError
 * with the attempts the card now shows.
 */
export async function verifyPassword<Ref extends PasswordRef>(
  channel: ApduChannel,
  encoding: At88I2cEncoding<Ref>,
  ref: Ref,
  password: Uint8Array,
  options: PresentOptions,
): Promise<number> {
  encoding.checkPassword(ref);
  if (password.length !== PASSWORD_LENGTH) {
    throw new InputError('password', `an ${encoding.part} password is ${PASSWORD_LENGTH} bytes, got ${password.length}: ${toHex(password)}`);
  }
  const codeName = samePassword(encoding.secureCode, ref)
    ? `${encoding.part} secure code (${describePassword(ref)})`
    : `${encoding.part} ${describePassword(ref)} password`;
  const { p2, data } = encoding.verifyPassword(ref, password);
  const response = await presentGuarded(channel, {
    codeName,
    attemptsLeft: await passwordAttemptsLeft(channel, encoding, ref),
    command: commandApdu(ACS_CLA, VERIFY_PASSWORD, 0, p2, data),
    options,
  });
  return interpretPresentCode(response, { codeName, correct: PAC_FULL, attemptsLeft });
}

/** The operations of one part, bound to its encoding: what src/reader/memory/at88sc153.ts and at88sc1608.ts export. */
export interface At88I2cOperations<Ref extends PasswordRef> {
  /** The fuse byte and which fuses it shows blown. */
  readFuses(channel: ApduChannel): Promise<FuseStatus>;
  /** Blows `fuse` for good, only when it is the next intact one (see blowFuse above). */
  blowFuse(channel: ApduChannel, fuse: FuseName): Promise<void>;
  passwordAttemptsLeft(channel: ApduChannel, ref: Ref): Promise<number>;
  /** VERIFY_PASSWORD guarded on the counter (see verifyPassword above); the attempts left, 8 when right. */
  verifyPassword(channel: ApduChannel, ref: Ref, password: Uint8Array, options?: PresentOptions): Promise<number>;
  /** verifyPassword of the part's secure code. */
  presentSecureCode(channel: ApduChannel, code: Uint8Array, options?: PresentOptions): Promise<number>;
}

export function at88I2cOperations<Ref extends PasswordRef>(encoding: At88I2cEncoding<Ref>): At88I2cOperations<Ref> {
  return {
    readFuses: (channel) => readFuses(channel, encoding),
    blowFuse: (channel, fuse) => blowFuse(channel, encoding, fuse),
    passwordAttemptsLeft: (channel, ref) => passwordAttemptsLeft(channel, encoding, ref),
    verifyPassword: (channel, ref, password, options = {}) => verifyPassword(channel, encoding, ref, password, options),
    presentSecureCode: (channel, code, options = {}) => verifyPassword(channel, encoding, encoding.secureCode, code, options),
  };
}
