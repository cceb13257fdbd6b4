import { InputError } from '../../src/core/errors.ts';

/**
 * A whole-number option value written in decimal ("1234", "-5"). `Number()` alone would take "" and
 * " " as 0 and "1e3" or "0x10" as numbers, so the text is checked first.
 */
export function integerOption(option: string, min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const value = /^\s*[-+]?\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InputError(option, `"${text}" is not a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/** Seeds are 32-bit: the range every random source of a run (pure-rand, fast-check) uses without loss. */
export const seedOption = integerOption('--seed', 0, 0xffffffff);
