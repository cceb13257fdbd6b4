import { hexByte } from '../../core/hex.ts';
import { SLOT_ERROR } from '../ccid/constants.ts';

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(SLOT_ERROR).map(([name, value]) => [value, name]));

/**
 * bError in words (CCID 1.1 §6.2.6, table 6.2-2): the constant's name for the values CCID defines,
 * "error in header byte N" for 1..127, else the hex value alone.
 */
export function slotErrorText(bError: number): string {
  const name = NAMES.get(bError);
  if (name !== undefined) return `${hexByte(bError)} ${name}`;
  if (bError >= 1 && bError <= 127) return `${hexByte(bError)} error in header byte ${bError}`;
  return hexByte(bError);
}
