import { readFileSync } from 'node:fs';
import { ProfileError } from './errors.ts';
import type { Profile } from './types.ts';
import { validateProfile } from './validate.ts';

/** The profile shipped with the project: `boss-bank/1`. [bank-interface, default profile] */
export const DEFAULT_PROFILE_URL = new URL('../profiles/boss-bank-1.json', import.meta.url);

/** Reads and validates a profile file; errors name the file and the path inside it. */
export function loadProfile(file: string | URL): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProfileError('', `cannot read profile ${String(file)}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ProfileError('', `${String(file)} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateProfile(document);
}

let cached: Profile | undefined;

/** The default profile, read once. */
export function defaultProfile(): Profile {
  cached ??= loadProfile(DEFAULT_PROFILE_URL);
  return cached;
}
