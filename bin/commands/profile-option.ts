import { defaultProfile, loadProfile, ProfileError, type Profile } from '../../src/boss/profile/index.ts';
import { InputError } from '../../src/core/errors.ts';

/**
 * `--profile FILE` (or a config file's `profile`), or boss-bank/1 when none is given. A profile that
 * cannot be read or is not valid is bad input (exit 2), naming the option and the file.
 */
export function profileOption(file: string | null | undefined): Profile {
  if (file === undefined || file === null) return defaultProfile();
  try {
    return loadProfile(file);
  } catch (error) {
    if (error instanceof ProfileError) throw new InputError('--profile', `${file}: ${error.message}`, { cause: error });
    throw error;
  }
}
