import {
  AT88SC1604_ATTEMPTS,
  AT88SC1604_BITS,
  AT88SC1604_ERASE_UNIT_BITS,
  AT88SC1604_MAP as M,
  AT88SC1604_ZONES,
} from '../../../src/cards/at88sc1604/commands.ts';
import type { BitField } from '../../../src/cards/at88sc102/family.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { at88FamilyFirmware, type At88FirmwareProfile, type CodePresentation } from './at88sc10x-shared.ts';

const counted = (field: BitField) => ({ field, countedBits: AT88SC1604_ATTEMPTS });

/**
 * `FF 20 P1 P2 02 code` targets. ACS publishes no AT88SC1604 command set (card type 0A exists only
 * in libzhouyb's enum), and one-byte P2 cannot hold the AT88SC102 form's byte address here (SC2 is at
 * 4C6h), so P1 P2 name the code as a production reader firmware does [sqf-ice/Mygit
 * smartcard/MEMORY/sc102_1604.c CHECK SC: 00 00 SC, 00 0n SCn, 01 0n EZn]; stbpay's choice.
 */
const PRESENTATIONS: CodePresentation[] = [
  { p1: 0x00, p2: 0x00, code: M.sc, counter: counted(M.scac) },
  ...AT88SC1604_ZONES.map((z, i): CodePresentation => (z.sac ? { p1: 0x00, p2: i + 1, code: z.sc, counter: counted(z.sac) } : { p1: 0x00, p2: i + 1, code: z.sc })),
  ...AT88SC1604_ZONES.map((z, i): CodePresentation => ({ p1: 0x01, p2: i + 1, code: z.ez, counter: counted(z.eac) })),
];

/** The AT88SC1604 (card type 0A) in the AT88SC102's pseudo-APDUs, with 16-bit byte addresses in P1 P2. */
export const AT88SC1604_FIRMWARE_PROFILE: At88FirmwareProfile = {
  cardType: 'AT88SC1604',
  memoryBytes: AT88SC1604_BITS / 8,
  eraseUnitBytes: AT88SC1604_ERASE_UNIT_BITS / 8,
  presentations: PRESENTATIONS,
  fuses: [M.fuse1, M.fuse2],
  issuerFuse: M.fuse2,
  // SC and SCn are written with their code validated but read only in level 1 with SC (docs/cards/at88sc1604.md §Access).
  hiddenInLevel2: [M.sc, ...AT88SC1604_ZONES.map((z) => z.sc)],
  // As for the AT88SC102 (ACS is silent for this part).
  fusePins: { fus: 0x01, rst: 0x01 },
};

/** Reader firmware for AT88SC1604 cards (SELECT_CARD_TYPE 0A); `start(card, clock)` waits programming cycles out on `clock`. */
export const at88sc1604Firmware: FirmwareDefinition = at88FamilyFirmware(AT88SC1604_FIRMWARE_PROFILE);
