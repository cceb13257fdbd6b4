import { encodeRequest, type BossMessage } from '../../src/boss/codec/message.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { asciiBytes } from './frame-text.ts';

/**
 * Requests the codec would refuse to build (a field missing, a bad date, an unknown TXCODE), made
 * by editing the field list of a good one. ASCII only: the cases send no text fields this way.
 */
export function requestPieces(profile: Profile, message: BossMessage): string[] {
  const text = Buffer.from(encodeRequest(profile, message)).toString('latin1');
  const pieces = text.split(profile.body.separator);
  if (profile.body.trailingSeparator) pieces.pop();
  return pieces;
}

/** The field list joined as §2 says (separator after every field when the profile wants it), or without the last one. */
export function joinPieces(profile: Profile, pieces: readonly string[], trailing = profile.body.trailingSeparator): Uint8Array {
  const sep = profile.body.separator;
  return asciiBytes(pieces.join(sep) + (trailing ? sep : ''));
}

/** Index of a request field in the field list: the header's, then the transaction's (top-level fields only). */
export function pieceIndex(profile: Profile, txcode: string, name: string): number {
  const header = profile.request.header.findIndex((f) => f.name === name);
  if (header >= 0) return header;
  const fields = profile.transactions[txcode]?.request ?? [];
  const at = fields.findIndex((f) => f.kind === 'field' && f.name === name);
  if (at < 0) throw new Error(`${name} is not a request field of ${txcode} in ${profile.profile}`);
  return profile.request.header.length + at;
}
