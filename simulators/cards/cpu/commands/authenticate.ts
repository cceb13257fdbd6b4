import { SW } from '../../../../src/cards/cpu/status-words.ts';
import { bytesEqual } from '../../../../src/core/hex.ts';
import { desFamily } from '../../../../src/crypto/index.ts';
import type { CommandApdu } from '../apdu.ts';
import { keyOf, type CardKey, type KeyUsage } from '../files.ts';
import { ok, refuse, status, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/** Key P2 of the current DF's key file, which must be meant for `usage`. */
function usableKey(command: CommandApdu, context: CardContext, usage: KeyUsage): CardKey {
  if (command.p1 !== 0) refuse(SW.INCORRECT_P1P2);
  const key = keyOf(context.session.currentDf, command.p2, usage);
  if (key) return key;
  // a key of that id for another use: not this command's (6985); no key of that id at all: 6A88
  refuse(keyOf(context.session.currentDf, command.p2) ? SW.CONDITIONS_NOT_SATISFIED : SW.REFERENCED_DATA_NOT_FOUND);
}

/**
 * EXTERNAL AUTHENTICATE, 00 82 00 P2 08 cryptogram [ISO/IEC 7816-4 §7.5.4]: P2 is the key id in the
 * current DF's key file. The terminal proves it holds the key by sending the DES (8-byte key) or
 * two-key 3DES (16-byte key) ECB encryption of the last challenge; a 4-byte challenge is padded with
 * 4 zero bytes. The challenge is spent by this command whatever its outcome (one challenge, one try).
 * Success grants "authenticated with key P2" in the current DF; failure (6300) withdraws it.
 */
export function externalAuthenticate(command: CommandApdu, context: CardContext): Outcome {
  const { session } = context;
  const challenge = session.challenge;
  session.challenge = undefined;
  if (command.data.length !== 8) refuse(SW.WRONG_LENGTH);
  const key = usableKey(command, context, 'external-auth');
  if (!challenge) refuse(SW.CONDITIONS_NOT_SATISFIED);
  const block = new Uint8Array(8);
  block.set(challenge);
  const expected = desFamily(key.value).encryptEcb(block);
  if (!bytesEqual(expected, command.data)) {
    session.authenticatedKeys.delete(key.id);
    return status(SW.VERIFICATION_FAILED);
  }
  session.authenticatedKeys.add(key.id);
  return ok();
}

/**
 * INTERNAL AUTHENTICATE, 00 88 00 P2 Lc data Le [ISO/IEC 7816-4 §7.5.2]: the card proves it holds
 * key P2 (usage internal-auth) by returning the DES/3DES ECB encryption of the terminal's data,
 * which must be whole 8-byte blocks (8 … 248 bytes).
 */
export function internalAuthenticate(command: CommandApdu, context: CardContext): Outcome {
  if (command.data.length === 0 || command.data.length % 8 !== 0) refuse(SW.WRONG_LENGTH);
  const key = usableKey(command, context, 'internal-auth');
  return ok(desFamily(key.value).encryptEcb(command.data));
}
