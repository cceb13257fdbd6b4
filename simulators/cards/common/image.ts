import { readFile, writeFile, rename, rm } from 'node:fs/promises';
import { InputError } from '../../../src/core/errors.ts';
import { parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { resolveCardType, type CardType } from '../../../src/cards/card-type.ts';

export const CARD_IMAGE_FORMAT = 'stbpay-card-image/1';

/**
 * A card's non-volatile contents as a JSON file: each memory area of the chip as compact hex, under
 * the area names of the card's datasheet. Volatile state (verified codes, address pointers) is not
 * kept: loading an image gives the card as it is after power-on.
 */
export interface CardImage {
  readonly format: typeof CARD_IMAGE_FORMAT;
  readonly type: CardType;
  readonly areas: Readonly<Record<string, string>>;
}

export function makeImage(type: CardType, areas: Record<string, Uint8Array>): CardImage {
  const hexAreas: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(areas)) hexAreas[name] = toCompactHex(bytes);
  return { format: CARD_IMAGE_FORMAT, type, areas: hexAreas };
}

/** Returns the bytes of `name`, checking that the image holds it with exactly `length` bytes. */
export function imageArea(image: CardImage, name: string, length: number): Uint8Array {
  const hex = image.areas[name];
  if (hex === undefined) throw new InputError(`image area "${name}"`, `missing from the ${image.type} image`);
  const bytes = parseHex(hex, `image area "${name}"`);
  if (bytes.length !== length) {
    throw new InputError(`image area "${name}"`, `${image.type} needs ${length} bytes, the image has ${bytes.length}`);
  }
  return bytes;
}

/** Validates parsed JSON as a card image; the error names the file and the field at fault. */
export function parseImage(json: unknown, origin: string): CardImage {
  if (typeof json !== 'object' || json === null) throw new InputError(origin, 'not a JSON object');
  const record = json as Record<string, unknown>;
  if (record.format !== CARD_IMAGE_FORMAT) {
    throw new InputError(origin, `"format" must be "${CARD_IMAGE_FORMAT}", found ${JSON.stringify(record.format)}`);
  }
  if (typeof record.type !== 'string') throw new InputError(origin, '"type" must be a card type name');
  let type: CardType;
  try {
    type = resolveCardType(record.type).type;
  } catch (error) {
    throw new InputError(origin, `"type": ${(error as Error).message}`, { cause: error });
  }
  const areas = record.areas;
  if (typeof areas !== 'object' || areas === null) throw new InputError(origin, '"areas" must be an object of hex strings');
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(areas)) {
    if (typeof value !== 'string') throw new InputError(origin, `area "${name}" must be a hex string`);
    parseHex(value, `${origin}: area "${name}"`);
    checked[name] = value;
  }
  return { format: CARD_IMAGE_FORMAT, type, areas: checked };
}

export async function loadImageFile(path: string): Promise<CardImage> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read the card file (${(error as Error).message})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseImage(json, path);
}

/**
 * Writes through a temporary file and a rename, so an interrupted save never leaves half a card. A
 * failed save leaves the file as it was, removes the temporary file, and is an InputError naming it.
 */
export async function saveImageFile(path: string, image: CardImage): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(image, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new InputError(path, `cannot write the card file (${(error as Error).message})`, { cause: error });
  }
}
