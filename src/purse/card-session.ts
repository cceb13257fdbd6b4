import type { ApduChannel } from '../reader/apdu.ts';
import { exchange, type Exchanged } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { PurseTransactionError } from './errors.ts';
import type { CardIdentity, PurseTerminal } from './terminal.ts';

/** What every purse transaction does with the card first, and how it reads the card's answers. */

export async function selectAndIdentify(terminal: Pick<PurseTerminal, 'card' | 'aid' | 'identify'>): Promise<CardIdentity> {
  await ok(terminal.card, card.selectByName(terminal.aid), 'SELECT purse application');
  return terminal.identify(terminal.card);
}

/**
 * Status words with which a card refuses a DEBIT or CREDIT outright, having changed nothing: MAC
 * wrong, funds, key, conditions, length, parameters, instruction, class. Anything else (a GET
 * RESPONSE that failed after 61xx, a status no purse gives) leaves the transaction in doubt.
 * [psam_hsm.md §1.6; ISO/IEC 7816-4 §5.6]
 */
const REFUSALS: ReadonlySet<number> = new Set([0x9302, 0x9401, 0x9403, 0x6985, 0x6700, 0x6a86, 0x6d00, 0x6e00]);

export function isRefusal(answer: Exchanged): boolean {
  return !answer.hadMoreData && REFUSALS.has(answer.sw);
}

/** The command's data, or a PurseTransactionError naming `step` when the answer is not 9000. */
export async function ok(channel: ApduChannel, command: Uint8Array, step: string): Promise<Uint8Array> {
  const answer = await exchange(channel, command);
  if (answer.sw !== 0x9000) throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', step, 'refused', answer.sw);
  return answer.data;
}

/** `YYYYMMDDhhmmss` → 7 BCD bytes. */
export function bcdDateTime(text: string): Uint8Array {
  if (!/^\d{14}$/.test(text)) throw new PurseTransactionError('STBPAY_ERR_PURSE_INPUT', 'date and time', `'${text}' is not YYYYMMDDhhmmss`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
