import { toCompactHex } from '../core/hex.ts';
import { exchange } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { PurseTransactionError } from './errors.ts';
import type { PurseEntry } from './journal.ts';
import { selectAndIdentify } from './purchase.ts';
import type { PurseTerminal } from './terminal.ts';

/** What became of a purchase that was in doubt. */
export interface Recovered {
  readonly entry: PurseEntry;
  /** `debited`: the card has the transaction, its MAC2 and TAC are in the entry. `not-debited`: it never happened. */
  readonly outcome: 'done' | 'not-done';
}

/**
 * Settles the journal's transactions still `sent` that belong to the card now in the reader: GET
 * TRANSACTION PROVE with the transaction's type and the seq INITIALIZE returned (or the next, as the
 * card's variant is) gives MAC2 ‖ TAC when it happened (9000) and 9406 when it did not. Nothing is
 * sent again. Entries of other cards stay pending. A recovered purchase's MAC2 is not checked by a
 * PSAM: its session is gone. [psam_hsm.md §1.2 notes, §2.3 step 5]
 */
export async function recoverInDoubt(terminal: Pick<PurseTerminal, 'card' | 'aid' | 'identify' | 'journal' | 'kind' | 'proveSequence'>): Promise<Recovered[]> {
  const identity = await selectAndIdentify(terminal);
  const factor = toCompactHex(identity.factors.slice(0, 8));
  const settled: Recovered[] = [];
  for (const entry of await terminal.journal.pending()) {
    if (entry.cardFactor !== factor) continue;
    const seq = entry.seq + (terminal.proveSequence === 'next' ? 1 : 0);
    const type = entry.kind === 'load' ? card.LOAD_TYPE[terminal.kind] : card.PURCHASE_TYPE[terminal.kind];
    const prove = await exchange(terminal.card, card.getTransactionProve(type, seq));
    let next: PurseEntry;
    if (prove.sw === 0x9000 && prove.data.length === 8) {
      const proof = { mac2: toCompactHex(prove.data.slice(0, 4)), tac: toCompactHex(prove.data.slice(4, 8)) };
      next = entry.kind === 'purchase' ? { ...entry, state: 'done', ...proof, mac2Verified: false } : { ...entry, state: 'done', ...proof };
    } else if (prove.sw === 0x9406) {
      next = { ...entry, state: 'not-done' };
    } else {
      throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'GET TRANSACTION PROVE', `purchase ${entry.id} stays in doubt`, prove.sw);
    }
    await terminal.journal.record(next);
    settled.push({ entry: next, outcome: next.state === 'done' ? 'done' : 'not-done' });
  }
  return settled;
}
