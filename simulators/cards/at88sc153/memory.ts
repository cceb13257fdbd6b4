import { CONFIG, PASSWORD_LENGTH, SECURE_CODE, USER_ZONES, ZONE_SIZE, pacAddress } from '../../../src/cards/at88sc153/commands.ts';
import { Eeprom, type CycleTimes } from '../common/eeprom.ts';
import type { PowerLossFault } from '../common/power-loss.ts';

/** The non-volatile contents of an AT88SC153, as areas of the datasheet. */
export interface At88sc153Contents {
  /** The 64-byte configuration zone. */
  readonly configuration: Uint8Array;
  /** The three 64-byte user zones. */
  readonly user: readonly Uint8Array[];
  /** The fuse cell as stored: bits 0..2 = FAB, CMA, PER, 1 while intact. */
  readonly fuses: number;
}

/** Answer to reset programmed by Atmel [1016 p12 Figure 8]. */
export const FACTORY_ATR = Uint8Array.of(0x2c, 0xaa, 0x55, 0xa1);

/**
 * A blank card: every EEPROM byte erased (FF) but the ATR, fuses intact, and the secure code (the
 * Write 1 password) set to the transport secret. Atmel writes a manufacturer-specific secure code
 * and fab code that are not public; see docs/cards/at88sc153.md.
 */
export function factoryContents(secureCode: Uint8Array): At88sc153Contents {
  const configuration = new Uint8Array(ZONE_SIZE).fill(0xff);
  configuration.set(FACTORY_ATR, CONFIG.answerToReset);
  configuration.set(secureCode.subarray(0, PASSWORD_LENGTH), pacAddress(SECURE_CODE) + 1);
  const user = Array.from({ length: USER_ZONES }, () => new Uint8Array(ZONE_SIZE).fill(0xff));
  return { configuration, user, fuses: 0xff };
}

/** Every non-volatile cell of the chip, each area an Eeprom sharing the card's power-loss fault. */
export class At88sc153Memory {
  readonly config: Eeprom;
  readonly user: readonly Eeprom[];
  /** One cell holding the three fuses; blowing one is a write-only cycle, so it never comes back. */
  readonly fuses: Eeprom;

  constructor(contents: At88sc153Contents, fault: PowerLossFault, times: CycleTimes) {
    this.config = new Eeprom(ZONE_SIZE, fault, times);
    this.config.load(contents.configuration);
    this.user = contents.user.map((zone) => {
      const eeprom = new Eeprom(ZONE_SIZE, fault, times);
      eeprom.load(zone);
      return eeprom;
    });
    this.fuses = new Eeprom(1, fault, times);
    this.fuses.load(Uint8Array.of(contents.fuses));
  }

  configByte(address: number): number {
    return this.config.cells[address] ?? 0xff;
  }

  get fuseCell(): number {
    return this.fuses.cells[0] ?? 0xff;
  }

  contents(): At88sc153Contents {
    return { configuration: this.config.read(0, ZONE_SIZE), user: this.user.map((z) => z.read(0, ZONE_SIZE)), fuses: this.fuseCell };
  }
}
