import { SW } from '../../../../src/cards/cpu/status-words.ts';
import { bytesEqual } from '../../../../src/core/hex.ts';
import type { CommandApdu } from '../apdu.ts';
import { ok, refuse, status, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/**
 * VERIFY, 00 20 00 00 [Lc PIN] [ISO/IEC 7816-4 §7.5.6], against the card-wide PIN (reference 00).
 * - No data: asks the status: 9000 if verified, else 63Cx (x tries left), 6983 if blocked.
 * - Blocked (no tries left): 6983, nothing written.
 * - Otherwise the card first writes tries-1 to its counter (so pulling the card mid-check cannot
 *   give a free try), then compares; a match writes the maximum back and answers 9000, a mismatch
 *   clears the verified state and answers 63Cx with the tries now left (63C0: now blocked).
 */
export function verify(command: CommandApdu, context: CardContext): Outcome {
  if (command.p1 !== 0) refuse(SW.INCORRECT_P1P2);
  const { pin, session, nvm } = context;
  if (command.p2 !== 0 || !pin) refuse(SW.REFERENCED_DATA_NOT_FOUND);
  const tries = pin.triesLeft[0]!;
  if (tries === 0) refuse(SW.AUTH_METHOD_BLOCKED);
  if (command.data.length === 0) return session.pinVerified ? ok() : status(SW.TRIES_LEFT | tries);
  nvm.write(pin.triesLeft, 0, Uint8Array.of(tries - 1));
  if (bytesEqual(command.data, pin.value)) {
    nvm.write(pin.triesLeft, 0, Uint8Array.of(pin.maxTries));
    session.pinVerified = true;
    return ok();
  }
  session.pinVerified = false;
  return status(SW.TRIES_LEFT | (tries - 1));
}
