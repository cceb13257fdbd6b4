import { InputError } from '../../core/errors.ts';

/**
 * Checks of one config value. Each throws an InputError whose field is the key's path (`ftp.port`)
 * and whose message shows the bad value and the file it came from.
 */
export interface KeyCheck<T> {
  readonly describe: string;
  accept(value: unknown): value is T;
}

/** The largest delay a Node timer takes (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const integer = (min: number, max: number): KeyCheck<number> => ({
  describe: `a whole number from ${min} to ${max}`,
  accept: (value): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
});

export const nonEmptyString: KeyCheck<string> = {
  describe: 'a non-empty string',
  accept: (value): value is string => typeof value === 'string' && value.trim().length > 0,
};

export const stringOrNull: KeyCheck<string | null> = {
  describe: 'a non-empty string or null',
  accept: (value): value is string | null => value === null || nonEmptyString.accept(value),
};

export const boolean: KeyCheck<boolean> = {
  describe: 'true or false',
  accept: (value): value is boolean => typeof value === 'boolean',
};

export function checked<T>(path: string, value: unknown, check: KeyCheck<T>, source: string): T {
  if (!check.accept(value)) throw new InputError(path, `${shown(value)} in ${source} is not ${check.describe}`);
  return value;
}

/** Refuses keys the config does not know: a misspelt key would otherwise be silently ignored. */
export function refuseUnknownKeys(document: Record<string, unknown>, known: readonly string[], prefix: string, source: string): void {
  for (const key of Object.keys(document)) {
    if (!known.includes(key)) throw new InputError(`${prefix}${key}`, `unknown key in ${source} (known: ${known.join(', ')})`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
