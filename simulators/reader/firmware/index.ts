import type { CardType } from '../../../src/cards/card-type.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { at88sc102Firmware } from './at88sc102.ts';
import { at88sc153Firmware } from './at88sc153.ts';
import { at88sc1604Firmware } from './at88sc1604.ts';
import { at88sc1608Firmware } from './at88sc1608.ts';
import { sle4428Firmware } from './sle4428.ts';
import { sle4442Firmware } from './sle4442.ts';

/** The memory-card firmware of the emulated reader, by card type. */
const FIRMWARE: Readonly<Record<CardType, FirmwareDefinition>> = {
  SLE4442: sle4442Firmware,
  SLE4428: sle4428Firmware,
  AT88SC1608: at88sc1608Firmware,
  AT88SC153: at88sc153Firmware,
  AT88SC102: at88sc102Firmware,
  AT88SC1604: at88sc1604Firmware,
};

export function firmwareFor(type: CardType): FirmwareDefinition {
  return FIRMWARE[type];
}
