import { USER_ZONES, ZONE_SIZE } from '../../../src/cards/at88sc153/commands.ts';
import { InputError } from '../../../src/core/errors.ts';
import { imageArea, makeImage, type CardImage } from '../common/image.ts';
import type { At88sc153Contents } from './memory.ts';

/** Image areas, named after the datasheet's zones; `fuses` is the raw fuse cell (bit = 1: intact). */
const userArea = (zone: number): string => `user${zone}`;

export function at88sc153ToImage(contents: At88sc153Contents): CardImage {
  const areas: Record<string, Uint8Array> = { configuration: contents.configuration };
  contents.user.forEach((zone, i) => (areas[userArea(i)] = zone));
  areas.fuses = Uint8Array.of(contents.fuses);
  return makeImage('AT88SC153', areas);
}

export function at88sc153ContentsFromImage(image: CardImage): At88sc153Contents {
  if (image.type !== 'AT88SC153') throw new InputError('card image', `holds a ${image.type}, not an AT88SC153`);
  return {
    configuration: imageArea(image, 'configuration', ZONE_SIZE),
    user: Array.from({ length: USER_ZONES }, (_, i) => imageArea(image, userArea(i), ZONE_SIZE)),
    fuses: imageArea(image, 'fuses', 1)[0] ?? 0xff,
  };
}
