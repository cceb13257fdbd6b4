import { toCompactHex } from '../core/hex.ts';
import { exchange } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { PurseTransactionError } from './errors.ts';
import type { PurchaseEntry } from './journal.ts';
import { selectAndIdentify } from './purchase.ts';
import type { PurseTerminal } from './terminal.ts';

/** What became of a purchase that was in doubt. */
export interface Recovered {
  readonly entry: PurchaseEntry;
  /** `debited`: the card has the transaction, its MAC2 and TAC are in the entry. `not-debited`: it never happened. */
  readonly outcome: 'debited' | 'not-debited';
}

/**
 * Settles the journal's purchases still `debiting` that belong to the card now in the reader: GET
 * TRANSACTION PROVE with the seq INITIALIZE returned (or the next, as the card's variant is) gives
 * MAC2 ‖ TAC when the debit happened (9000) and 9406 when it did not. Nothing is debited again.
 * Entries of other cards stay pending. The recovered MAC2 is not checked by a PSAM: its session is
 * gone. [psam_hsm.md §1.2 notes, §2.3 step 5]
 */
export async function recoverPurchases(terminal: PurseTerminal): Promise<Recovered[]> {
  const identity = await selectAndIdentify(terminal);
  const factor = toCompactHex(identity.factors.slice(0, 8));
  const settled: Recovered[] = [];
  for (const entry of await terminal.journal.pending()) {
    if (entry.cardFactor !== factor) continue;
    const seq = entry.offlineSeq + (terminal.proveSequence === 'next' ? 1 : 0);
    const prove = await exchange(terminal.card, card.getTransactionProve(card.PURCHASE_TYPE[terminal.kind], seq));
    let next: PurchaseEntry;
    if (prove.sw === 0x9000 && prove.data.length === 8) {
      next = { ...entry, state: 'debited', mac2: toCompactHex(prove.data.slice(0, 4)), tac: toCompactHex(prove.data.slice(4, 8)), mac2Verified: false };
    } else if (prove.sw === 0x9406) {
      next = { ...entry, state: 'not-debited' };
    } else {
      throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'GET TRANSACTION PROVE', `purchase ${entry.id} stays in doubt`, prove.sw);
    }
    await terminal.journal.record(next);
    settled.push({ entry: next, outcome: next.state === 'debited' ? 'debited' : 'not-debited' });
  }
  return settled;
}
