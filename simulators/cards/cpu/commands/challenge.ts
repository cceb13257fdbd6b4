import { SW } from '../../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from '../apdu.ts';
import { ok, refuse, type Outcome } from '../outcome.ts';
import type { CardContext } from '../session.ts';

/**
 * GET CHALLENGE, 00 84 00 00 Le [ISO/IEC 7816-4 §7.5.3]: Le 04 or 08 bytes from the card's seeded
 * Random. The challenge replaces any earlier one and is kept (volatile) for the next EXTERNAL
 * AUTHENTICATE.
 */
export function getChallenge(command: CommandApdu, context: CardContext): Outcome {
  if (command.p1 !== 0 || command.p2 !== 0) refuse(SW.INCORRECT_P1P2);
  if (command.data.length !== 0 || (command.ne !== 4 && command.ne !== 8)) refuse(SW.WRONG_LENGTH);
  const challenge = context.random.bytes(command.ne);
  context.session.challenge = challenge;
  return ok(Uint8Array.from(challenge));
}
