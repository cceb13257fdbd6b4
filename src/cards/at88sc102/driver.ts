import {
  AT88SC102_EC2_ERASES,
  AT88SC102_ERASE_UNIT_BITS,
  AT88SC102_MAP,
  AT88SC102_SC_ATTEMPTS,
  blowFuse as blowFuseCommand,
  compareCode,
  eraseZone,
} from './commands.ts';
import {
  eraseFieldUnit,
  onesIn,
  presentCode,
  readField,
  send,
  spendAttempt,
  updateField,
  writeField,
  type ChipLink,
  type DriverOptions,
  type PresentOptions,
} from './driver-core.ts';
import { FieldRangeError, NotProgrammedError } from './errors.ts';

/**
 * AT88SC102 host driver at chip level: what a reader's firmware (or a PC/SC host through ACS
 * pseudo-APDUs) does with the card. Fields are named as in the memory map.
 */
export type At88sc102Field = keyof typeof AT88SC102_MAP;

const SCAC = { field: AT88SC102_MAP.scac, countedBits: AT88SC102_SC_ATTEMPTS };
const EC2 = { field: AT88SC102_MAP.ec2, countedBits: AT88SC102_EC2_ERASES };

/**
 * Presents the security code by the datasheet procedure (compare SC, write an SCAC bit, erase SCAC)
 * and returns the attempts left: 4 when the code was right. Refuses with LastAttemptError when one
 * attempt is left unless `insist`, and with CodeLockedError when none is.
 */
export async function presentSecurityCode(card: ChipLink, code: Uint8Array, options: PresentOptions = {}): Promise<number> {
  return presentCode(card, AT88SC102_MAP.sc, SCAC, code, options);
}

/** Attempts left on the security code attempts counter (4 = none spent, 0 = locked). */
export async function securityCodeAttemptsLeft(card: ChipLink): Promise<number> {
  return onesIn(await readField(card, AT88SC102_MAP.scac), AT88SC102_SC_ATTEMPTS);
}

/** Erases of AZ2 left on EC2 (matters while the EC2EN fuse is intact). */
export async function ec2ErasesLeft(card: ChipLink): Promise<number> {
  return onesIn(await readField(card, AT88SC102_MAP.ec2), AT88SC102_EC2_ERASES);
}

export async function read(card: ChipLink, field: At88sc102Field, offset = 0, length?: number): Promise<Uint8Array> {
  return readField(card, AT88SC102_MAP[field], offset, length);
}

/** Clears the 0 bits of `data` into `field` (no erase): the card's own write operation. */
export async function write(
  card: ChipLink,
  field: At88sc102Field,
  offset: number,
  data: Uint8Array,
  options: DriverOptions & { readonly verify?: boolean } = {},
): Promise<void> {
  await writeField(card, AT88SC102_MAP[field], offset, data, options);
}

/** Erases the 16-bit word holding byte `offset` of `field`; answers the word read back. */
export async function erase(card: ChipLink, field: At88sc102Field, offset: number, options: DriverOptions = {}): Promise<Uint8Array> {
  return eraseFieldUnit(card, AT88SC102_MAP[field], offset, options);
}

/** Erase-then-write so that `field` holds exactly `data` from byte `offset`. */
export async function update(
  card: ChipLink,
  field: At88sc102Field,
  offset: number,
  data: Uint8Array,
  options: DriverOptions & { readonly verify?: boolean } = {},
): Promise<void> {
  await updateField(card, AT88SC102_MAP[field], offset, data, AT88SC102_ERASE_UNIT_BITS, options);
}

/** Changes the security code (needs the code validated); SC cannot be read back in security level 2. */
export async function changeSecurityCode(card: ChipLink, code: Uint8Array, options: DriverOptions & { readonly verify?: boolean } = {}): Promise<void> {
  if (code.length !== 2) throw new FieldRangeError('SC', `needs 2 bytes, got ${code.length}`);
  await update(card, 'sc', 0, code, options);
}

export interface EraseZoneOptions extends PresentOptions {
  /** EC2 active (EC2EN fuse intact, security level 2): the erase spends one EC2 bit. */
  readonly ec2?: boolean;
}

/**
 * Erases a whole application zone with its erase key: compare EZn, [write an EC2 bit when the erase
 * counter is active], erase pulse. [ACS ACR38x ERASE_APPLICATION_ZONE_WITH_ERASE / _WITH_WRITE_AND_ERASE;
 * limpkin/mooltipass smartcard_lowlevel_erase_application_zone1_nzone2] Throws NotProgrammedError
 * when the zone does not read back erased (wrong key). A zone hidden from the host (Rn = 0, code
 * not validated) reads FF anyway, so the check then proves nothing.
 */
export async function eraseApplicationZone(card: ChipLink, zone: 1 | 2, eraseKey: Uint8Array, options: EraseZoneOptions = {}): Promise<void> {
  const key = zone === 1 ? AT88SC102_MAP.ez1 : AT88SC102_MAP.ez2;
  if (zone === 2 && options.ec2 === true) {
    await spendAttempt(card, key, EC2, eraseKey, options);
  } else {
    if (eraseKey.length * 8 !== key.bits) throw new FieldRangeError(key.name, `needs ${key.bits / 8} key bytes, got ${eraseKey.length}`);
    await send(card, compareCode(key.start, eraseKey), options);
  }
  await send(card, eraseZone(zone), options);
  const az = zone === 1 ? AT88SC102_MAP.az1 : AT88SC102_MAP.az2;
  const back = await readField(card, az);
  if (back.some((b) => b !== 0xff)) throw new NotProgrammedError(az.name, az.start, new Uint8Array(back.length).fill(0xff), back);
}

export type At88sc102Fuse = 'manufacturerFuse' | 'ec2enFuse' | 'issuerFuse';

/** Blows a fuse (irreversible; security level 1 with the code validated). Checks it reads back blown. */
export async function blowFuse(card: ChipLink, fuse: At88sc102Fuse, options: DriverOptions = {}): Promise<void> {
  const field = AT88SC102_MAP[fuse];
  await send(card, blowFuseCommand(field.start), options);
  const back = await readField(card, { ...field, bits: 8 }, 0, 1);
  if (((back[0] ?? 0xff) & 0x80) !== 0) throw new NotProgrammedError(field.name, field.start, Uint8Array.of(0x00), back);
}

/** Whether a fuse reads blown (its first bit 0). */
export async function fuseBlown(card: ChipLink, fuse: At88sc102Fuse): Promise<boolean> {
  const back = await readField(card, { ...AT88SC102_MAP[fuse], bits: 8 }, 0, 1);
  return ((back[0] ?? 0xff) & 0x80) === 0;
}
