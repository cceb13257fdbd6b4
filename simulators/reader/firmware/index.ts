import type { CardType } from '../../../src/cards/card-type.ts';
import { InputError } from '../../../src/core/errors.ts';
import type { FirmwareDefinition } from './card-firmware.ts';

/** The memory-card firmware of the emulated reader, by card type. */
const FIRMWARE: Partial<Record<CardType, FirmwareDefinition>> = {};

export function firmwareFor(type: CardType): FirmwareDefinition {
  const firmware = FIRMWARE[type];
  if (!firmware) throw new InputError('card', `the emulated reader has no firmware for ${type} cards`);
  return firmware;
}
