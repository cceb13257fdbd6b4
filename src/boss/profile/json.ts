import { ProfileError } from './errors.ts';

/**
 * Small readers over an untrusted JSON value that throw a ProfileError naming the exact path.
 * Every object may carry a `note` string, which is ignored; any other unknown key is refused so that
 * a misspelt key is reported instead of silently falling back to a default.
 */
export type Json = unknown;

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function obj(value: Json, path: string, keys: readonly string[]): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProfileError(path, 'must be an object');
  const record = value as Record<string, Json>;
  for (const key of Object.keys(record)) {
    if (key !== 'note' && !keys.includes(key)) throw new ProfileError(at(path, key), `unknown key (expected one of ${keys.join(', ')})`);
  }
  if ('note' in record && typeof record.note !== 'string') throw new ProfileError(at(path, 'note'), 'must be a string');
  return record;
}

/** An object used as a map: every key but `note` is an entry. */
export function map(value: Json, path: string): [string, Json][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProfileError(path, 'must be an object');
  return Object.entries(value as Record<string, Json>).filter(([key]) => key !== 'note');
}

export function arr(value: Json, path: string, minLength = 0): Json[] {
  if (!Array.isArray(value)) throw new ProfileError(path, 'must be an array');
  if (value.length < minLength) throw new ProfileError(path, `must have at least ${minLength} element(s)`);
  return value;
}

export function str(value: Json, path: string, pattern?: RegExp, what?: string): string {
  if (typeof value !== 'string') throw new ProfileError(path, 'must be a string');
  if (pattern && !pattern.test(value)) throw new ProfileError(path, `'${value}' is not ${what ?? `matching ${pattern}`}`);
  return value;
}

export function int(value: Json, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ProfileError(path, 'must be an integer');
  if (value < min || value > max) throw new ProfileError(path, `${value} is outside ${min}..${max}`);
  return value;
}

export function bool(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') throw new ProfileError(path, 'must be true or false');
  return value;
}

export function oneOf<T extends string>(value: Json, path: string, allowed: readonly T[]): T {
  const text = str(value, path);
  if (!(allowed as readonly string[]).includes(text)) throw new ProfileError(path, `'${text}' is not one of ${allowed.join(', ')}`);
  return text as T;
}

export function optional<T>(record: Record<string, Json>, key: string, read: (value: Json) => T): T | undefined {
  return record[key] === undefined ? undefined : read(record[key]);
}
