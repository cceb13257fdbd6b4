import { InputError } from '../../../src/core/errors.ts';
import {
  AT88SC1608_ATR,
  CONFIG_SIZE,
  SECURE_CODE,
  ZONE_COUNT,
  ZONE_SIZE,
} from '../../../src/cards/at88sc1608/commands.ts';
import { passwordAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { imageArea, makeImage, type CardImage } from '../common/image.ts';

/** Non-volatile contents: what an image file holds. */
export interface Contents {
  readonly configuration: Uint8Array;
  readonly userZones: Uint8Array;
  /** The fuse byte; a 1 bit is an intact fuse. */
  readonly fuses: number;
}

/**
 * The secure code is "defined by Atmel, different for each card manufacturer" [AT88SC1608 0971H p8]
 * and no public source gives one for the 1608: stbpay ships cards with 16 08 00 (arbitrary, chosen
 * so that a driver presenting the erased-EEPROM value FF FF FF is caught).
 */
export const DEFAULT_SECURE_CODE = Uint8Array.of(0x16, 0x08, 0x00);

/**
 * A blank card as stbpay ships it: fuses intact, ATR 2C AA 55 A0 [0971G p12 Fig. 9] in the ATR
 * register, the secure code in Write 7, everything else erased (FF): access registers FF (all
 * rights open), password registers FF (set 7 for every zone, "by default the eighth set ... is
 * active for all user zones" [0971H p8]), PACs and AAC FF (8 attempts), user zones FF. Atmel's
 * real fab code and the other passwords' factory values are not public; they are FF here.
 */
export function factoryContents(secret: Uint8Array = DEFAULT_SECURE_CODE): Contents {
  if (secret.length !== 3) throw new InputError('secure code', `the AT88SC1608 secure code is 3 bytes, got ${secret.length}`);
  const configuration = new Uint8Array(CONFIG_SIZE).fill(0xff);
  configuration.set(AT88SC1608_ATR, 0);
  configuration.set(secret, passwordAddress(SECURE_CODE));
  return { configuration, userZones: new Uint8Array(ZONE_COUNT * ZONE_SIZE).fill(0xff), fuses: 0xff };
}

/** Image area names follow the datasheet's zones. */
export const AREA = { configuration: 'configuration', userZones: 'userZones', fuses: 'fuses' } as const;

export function contentsToImage(contents: Contents): CardImage {
  return makeImage('AT88SC1608', {
    [AREA.configuration]: contents.configuration,
    [AREA.userZones]: contents.userZones,
    [AREA.fuses]: Uint8Array.of(contents.fuses),
  });
}

export function contentsFromImage(image: CardImage): Contents {
  if (image.type !== 'AT88SC1608') throw new InputError('card image', `holds a ${image.type}, not an AT88SC1608`);
  return {
    configuration: imageArea(image, AREA.configuration, CONFIG_SIZE),
    userZones: imageArea(image, AREA.userZones, ZONE_COUNT * ZONE_SIZE),
    fuses: imageArea(image, AREA.fuses, 1)[0] ?? 0xff,
  };
}
