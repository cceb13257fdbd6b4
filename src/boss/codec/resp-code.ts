import type { Profile } from '../profile/types.ts';
import { BossDecodeError, BossFrameError } from './errors.ts';

/**
 * The response code the spec asks for when a frame or message cannot be decoded, or undefined when
 * none is sent (a stream cut mid-frame has nobody to answer). [bank-interface §1, §6]
 * frame too large → 1004; bad length prefix, field count, format, length → 1002; unknown TXCODE → 1001.
 */
export function respCodeFor(profile: Profile, error: unknown): string | undefined {
  if (error instanceof BossDecodeError) return error.respCode;
  if (error instanceof BossFrameError) {
    if (error.reason === 'tooLarge') return profile.roles.frameTooLarge;
    if (error.reason === 'truncated') return undefined;
    return profile.roles.malformed;
  }
  return undefined;
}
