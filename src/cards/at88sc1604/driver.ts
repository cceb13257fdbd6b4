import {
  eraseFieldUnit,
  onesIn,
  presentCode,
  readField,
  send,
  updateField,
  writeField,
  type ChipLink,
  type DriverOptions,
  type PresentOptions,
} from '../at88sc102/driver-core.ts';
import { FieldRangeError, NotProgrammedError } from '../at88sc102/errors.ts';
import { compareCode, blowFuse as blowFuseCommand } from '../at88sc102/family.ts';
import {
  AT88SC1604_ATTEMPTS,
  AT88SC1604_ERASE_UNIT_BITS,
  AT88SC1604_MAP,
  AT88SC1604_ZONES,
  type At88sc1604Zone,
  type BitField,
} from './commands.ts';

/**
 * AT88SC1604 host driver at chip level. Fields are named as in the memory map: the card-wide ones
 * ('fz', 'iz', 'sc', 'scac', 'cpz', 'mtz', 'fuse1', 'fuse2') and per zone n = 1..4 ('az', 'sc',
 * 'sac', 'ez', 'eac').
 */
export type ZoneNumber = 1 | 2 | 3 | 4;
export type CardField = keyof typeof AT88SC1604_MAP;
export type ZoneField = keyof At88sc1604Zone;
export type FieldRef = CardField | { readonly zone: ZoneNumber; readonly field: ZoneField };

export function resolveField(ref: FieldRef): BitField {
  if (typeof ref === 'string') return AT88SC1604_MAP[ref];
  const zone = AT88SC1604_ZONES[ref.zone - 1];
  const field = zone?.[ref.field];
  if (!field) throw new FieldRangeError(`zone ${ref.zone}`, `has no ${ref.field.toUpperCase()} field`);
  return field;
}

const counterOf = (field: BitField) => ({ field, countedBits: AT88SC1604_ATTEMPTS });

/** Presents the card security code SC (8 attempts on SCAC); returns the attempts left, 8 when right. */
export async function presentSecurityCode(card: ChipLink, code: Uint8Array, options: PresentOptions = {}): Promise<number> {
  return presentCode(card, AT88SC1604_MAP.sc, counterOf(AT88SC1604_MAP.scac), code, options);
}

/**
 * Presents a zone security code. Zone 1 has an attempts counter (S1AC): the answer is the
 * attempts left. Zones 2–4 have none: the chip gives no sign, the answer is undefined, and the
 * comparison only counts after SC has been presented.
 */
export async function presentZoneCode(card: ChipLink, zone: ZoneNumber, code: Uint8Array, options: PresentOptions = {}): Promise<number | undefined> {
  const z = AT88SC1604_ZONES[zone - 1]!;
  if (z.sac) return presentCode(card, z.sc, counterOf(z.sac), code, options);
  if (code.length * 8 !== z.sc.bits) throw new FieldRangeError(z.sc.name, `needs ${z.sc.bits / 8} code bytes, got ${code.length}`);
  await send(card, compareCode(z.sc.start, code), options);
  return undefined;
}

/** Presents zone n's erase key (8 attempts on EnAC); returns the attempts left. Erases in AZn are then allowed. */
export async function presentEraseKey(card: ChipLink, zone: ZoneNumber, key: Uint8Array, options: PresentOptions = {}): Promise<number> {
  const z = AT88SC1604_ZONES[zone - 1]!;
  return presentCode(card, z.ez, counterOf(z.eac), key, options);
}

/** Attempts left on a counter field ('scac', or a zone's 'sac' / 'eac'). */
export async function attemptsLeft(card: ChipLink, counter: FieldRef): Promise<number> {
  return onesIn(await readField(card, resolveField(counter)), AT88SC1604_ATTEMPTS);
}

export async function read(card: ChipLink, field: FieldRef, offset = 0, length?: number): Promise<Uint8Array> {
  return readField(card, resolveField(field), offset, length);
}

export async function write(card: ChipLink, field: FieldRef, offset: number, data: Uint8Array, options: DriverOptions & { readonly verify?: boolean } = {}): Promise<void> {
  await writeField(card, resolveField(field), offset, data, options);
}

/** Erases the byte `offset` of `field` (the AT88SC1604's erase unit); answers it read back. */
export async function erase(card: ChipLink, field: FieldRef, offset: number, options: DriverOptions = {}): Promise<Uint8Array> {
  return eraseFieldUnit(card, resolveField(field), offset, options);
}

/** Erase-then-write so that `field` holds exactly `data` from byte `offset`. */
export async function update(card: ChipLink, field: FieldRef, offset: number, data: Uint8Array, options: DriverOptions & { readonly verify?: boolean } = {}): Promise<void> {
  await updateField(card, resolveField(field), offset, data, AT88SC1604_ERASE_UNIT_BITS, options);
}

/**
 * Blows FUSE2, ending personalisation (irreversible; needs SC in security level 1). The chip
 * acknowledges a refused blow too, so the fuse is read back: NotProgrammedError when it is intact.
 */
export async function blowIssuerFuse(card: ChipLink, options: DriverOptions = {}): Promise<void> {
  const fuse = AT88SC1604_MAP.fuse2;
  await send(card, blowFuseCommand(fuse.start), options);
  const back = await readField(card, fuse);
  if (back.some((b) => b !== 0x00)) throw new NotProgrammedError(fuse.name, fuse.start, new Uint8Array(back.length), back);
}
