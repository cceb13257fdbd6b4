import { bytesEqual, concatBytes, uintBytes } from '../../src/core/hex.ts';
import { purseMac, sessionKey } from '../../src/crypto/index.ts';
import { appAnswer, type AppAnswer, type AppCommand } from '../cards/application-apdu.ts';
import { disperse } from './dispersion.ts';
import { KEY_USAGE, type PsamProfile, type PsamState } from './profile.ts';
import { PSAM_SW } from './status-words.ts';

/** Between INIT SAM FOR PURCHASE and CREDIT SAM FOR PURCHASE: the session key and the amount. */
export interface SamPurchase {
  readonly sessionKey: Uint8Array;
  readonly amount: Uint8Array;
}

/**
 * INIT SAM FOR PURCHASE `80 70 00 00 Lc`, Lc = 0x14 + 8·N: card random (4) ‖ card offline seq (2) ‖
 * amount (4) ‖ type (1) ‖ date and time (7) ‖ card purchase key version (1) ‖ algorithm (1) ‖ N
 * dispersion factors (8 each, the first the card's application serial number) → terminal transaction
 * seq (4) ‖ MAC1 (4). The PSAM disperses its master purchase key of that version into the card's
 * purchase key, takes the next terminal transaction seq, derives SESPK and computes MAC1 exactly as
 * the card will check it. [psam_hsm.md §2.2]
 */
export function initSamForPurchase(
  profile: PsamProfile,
  state: PsamState,
  command: AppCommand,
): { answer: AppAnswer; next?: PsamState; purchase?: SamPurchase } {
  const { data } = command;
  if (data.length < 0x1c || (data.length - 0x14) % 8 !== 0 || data.length > 0x14 + 8 * 3) return { answer: appAnswer(PSAM_SW.wrongLength) };
  const version = data[18]!;
  const master = profile.keys.find((k) => k.usage === KEY_USAGE.purchase && k.id === version);
  if (!master) return { answer: appAnswer(PSAM_SW.keyNotFound) };
  const cardKey = disperse(master.value, data.slice(20), profile.dispersionOrder);
  const terminalSeq = (state.terminalSeq + 1) >>> 0;
  const seq = uintBytes(terminalSeq, 4);
  const key8 = sessionKey(cardKey, concatBytes(data.slice(0, 4), data.slice(4, 6), seq.slice(2, 4)));
  const amount = data.slice(6, 10);
  // amount ‖ type ‖ terminal number ‖ date (4) ‖ time (3)
  const mac1 = purseMac(key8, concatBytes(amount, data.slice(10, 11), profile.terminalNumber, data.slice(11, 18)));
  return { answer: appAnswer(PSAM_SW.ok, concatBytes(seq, mac1)), next: { ...state, terminalSeq }, purchase: { sessionKey: key8, amount } };
}

/** CREDIT SAM FOR PURCHASE `80 72 00 00 04` MAC2: 9000 when the card's MAC2 = MAC(SESPK, amount). [psam_hsm.md §2.3] */
export function creditSamForPurchase(command: AppCommand, purchase: SamPurchase | undefined): AppAnswer {
  if (command.data.length !== 4) return appAnswer(PSAM_SW.wrongLength);
  if (!purchase) return appAnswer(PSAM_SW.conditionsNotSatisfied);
  return appAnswer(bytesEqual(purseMac(purchase.sessionKey, purchase.amount), command.data) ? PSAM_SW.ok : PSAM_SW.macWrong);
}
