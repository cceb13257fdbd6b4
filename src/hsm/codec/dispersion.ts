import { HsmRefusal } from '../errors.ts';
import { hexField, type FieldReader } from './fields.ts';

/** Dispersion levels this command set takes: none (a card-level key) up to three. [psam_hsm.md §2.2: N = 1…3] */
export const MAX_DISPERSION_LEVELS = 3;

/** The levels digit, then one 8-byte factor (16 hex) per level, outermost (issuer) first. */
export function dispersionField(factors: readonly Uint8Array[]): string {
  if (factors.length > MAX_DISPERSION_LEVELS) throw new RangeError(`${factors.length} dispersion levels, at most ${MAX_DISPERSION_LEVELS}`);
  for (const factor of factors) if (factor.length !== 8) throw new RangeError(`a dispersion factor is 8 bytes, not ${factor.length}`);
  return `${factors.length}${factors.map(hexField).join('')}`;
}

export function readDispersion(reader: FieldReader, lowest: number): Uint8Array[] {
  const levels = reader.decimal('dispersion levels', 1);
  if (levels < lowest || levels > MAX_DISPERSION_LEVELS) throw new HsmRefusal('15', 'dispersion levels', `${levels} is not ${lowest} to ${MAX_DISPERSION_LEVELS}`);
  return Array.from({ length: levels }, (_, i) => reader.hex(`factor ${i + 1}`, 16));
}
