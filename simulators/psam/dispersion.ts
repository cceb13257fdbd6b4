import { diversifyKey } from '../../src/crypto/index.ts';
import type { PsamProfile } from './profile.ts';

/** The key dispersed from `masterKey` with 8-byte `factors` (one per level), in the profile's order. */
export function disperse(masterKey: Uint8Array, factors: Uint8Array, order: PsamProfile['dispersionOrder']): Uint8Array {
  const levels: Uint8Array[] = [];
  for (let offset = 0; offset < factors.length; offset += 8) levels.push(factors.slice(offset, offset + 8));
  if (order === 'last-first') levels.reverse();
  return levels.reduce((key, factor) => diversifyKey(key, factor), masterKey);
}
