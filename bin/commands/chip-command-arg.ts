import { InputError } from '../../src/core/errors.ts';
import { parseHex } from '../../src/core/hex.ts';
import type { ChipCommand } from '../../src/cards/synchronous-card.ts';

/**
 * A chip command as typed on the command line: its bytes in hex, optionally followed by "/N" for
 * the number of bytes to clock out: "30 00 00/4", "B1 00 10/16", "3310FF".
 */
export function parseChipCommandArg(text: string, position: number): ChipCommand {
  const field = `command ${position} ("${text}")`;
  const [hex = '', count, extra] = text.split('/');
  if (extra !== undefined) throw new InputError(field, 'use at most one "/N" read length');
  const bytes = parseHex(hex, field);
  if (bytes.length === 0) throw new InputError(field, 'no command bytes');
  if (count === undefined) return { bytes };
  const readLength = /^\s*\d+\s*$/.test(count) ? Number(count) : NaN;
  if (Number.isNaN(readLength) || readLength > 65536) {
    throw new InputError(field, `read length "${count}" must be a whole number of bytes from 0 to 65536`);
  }
  return { bytes, readLength };
}
