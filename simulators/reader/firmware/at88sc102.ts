import {
  AT88SC102_BITS,
  AT88SC102_EC2_ERASES,
  AT88SC102_ERASE_UNIT_BITS,
  AT88SC102_MAP as M,
  AT88SC102_SC_ATTEMPTS,
} from '../../../src/cards/at88sc102/commands.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { at88FamilyFirmware, type At88FirmwareProfile } from './at88sc10x-shared.ts';

/**
 * The AT88SC101/102/1003 command set of ACS readers (card type 09), for the AT88SC102:
 * ACR38x (CCID) reference manual v6.04 §9.3.9, ACR3901U-S1 §7.2.9, ACR33U-A1 §8.3.8.
 * `FF 20` P1 is "Error Counter LEN" (bits of the counter), P2 the key's byte address.
 */
export const AT88SC102_FIRMWARE_PROFILE: At88FirmwareProfile = {
  cardType: 'AT88SC102',
  memoryBytes: AT88SC102_BITS / 8,
  eraseUnitBytes: AT88SC102_ERASE_UNIT_BITS / 8,
  presentations: [
    // VERIFY_SECURITY_CODE `FF 20 08 0A 02 SC`
    { p1: 0x08, p2: 0x0a, code: M.sc, counter: { field: M.scac, countedBits: AT88SC102_SC_ATTEMPTS } },
    // ERASE_APPLICATION_ZONE_WITH_ERASE `FF 20 00 56 06 EZ1` / `FF 20 00 9C 04 EZ2`
    { p1: 0x00, p2: 0x56, code: M.ez1, erasesZone: { zone: 1, field: M.az1 } },
    { p1: 0x00, p2: 0x9c, code: M.ez2, erasesZone: { zone: 2, field: M.az2 } },
    // ERASE_APPLICATION_ZONE_WITH_WRITE_AND_ERASE `FF 20 80 9C 04 EZ2` (EC2EN fuse intact)
    { p1: 0x80, p2: 0x9c, code: M.ez2, counter: { field: M.ec2, countedBits: AT88SC102_EC2_ERASES }, erasesZone: { zone: 2, field: M.az2 } },
  ],
  fuses: [M.manufacturerFuse, M.ec2enFuse, M.issuerFuse],
  issuerFuse: M.issuerFuse,
  // SC is written with the code validated but read only in security level 1 (docs/cards/at88sc102.md §Security).
  hiddenInLevel2: [M.sc],
  // BLOWN_FUSE for the AT88SC102: FUS 01, RST 01 (05B0h, 05F9h, 0610h) [ACR38x §9.3.9.8 table].
  fusePins: { fus: 0x01, rst: 0x01 },
};

/** Reader firmware for AT88SC102 cards (SELECT_CARD_TYPE 09); `start(card, clock)` waits programming cycles out on `clock`. */
export const at88sc102Firmware: FirmwareDefinition = at88FamilyFirmware(AT88SC102_FIRMWARE_PROFILE);
