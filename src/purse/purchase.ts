import { toCompactHex } from '../core/hex.ts';
import { PsamNotAcceptableError } from '../psam/errors.ts';
import type { PsamLease } from '../psam/lease.ts';
import { exchange } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { InDoubtError, InsufficientFundsError, PurseTransactionError } from './errors.ts';
import type { PurseEntry } from './journal.ts';
import * as sam from './psam-apdus.ts';
import { settlePending, whileInFlight } from './recover.ts';
import { bcdDateTime, isRefusal, ok, selectAndIdentify } from './card-session.ts';
import type { CardIdentity, PurseTerminal } from './terminal.ts';

export interface PurchaseRequest {
  /** Fen, > 0. */
  readonly amount: number;
  /** YYYYMMDDhhmmss, the terminal's local date and time. */
  readonly dateTime: string;
  /** The card's purchase key index (default 1). */
  readonly keyIndex?: number;
}

export interface PurchaseReceipt {
  readonly id: string;
  readonly amount: number;
  readonly balanceBefore: number;
  readonly balanceAfter: number;
  readonly tac: Uint8Array;
  readonly mac2: Uint8Array;
  readonly terminalSeq: Uint8Array;
  readonly offlineSeq: number;
}

/**
 * A purchase on the card: SELECT, identify, GET BALANCE, lease a PSAM of the card's issuer, INITIALIZE FOR
 * PURCHASE, MAC1 from the PSAM (8070), DEBIT, MAC2 checked by the PSAM (8072), TAC kept. The journal
 * says `sent` durably before DEBIT is sent; a DEBIT without an answer leaves it so and throws
 * InDoubtError, and the DEBIT is never sent again. [psam_hsm.md §2.3]
 */
export async function purchase(terminal: PurseTerminal, request: PurchaseRequest): Promise<PurchaseReceipt> {
  if (!Number.isInteger(request.amount) || request.amount <= 0 || request.amount > 0xffffffff) {
    throw new PurseTransactionError('STBPAY_ERR_PURSE_INPUT', 'purchase', `amount ${request.amount} is not a whole number of fen in 1..4294967295`);
  }
  const dateTime = bcdDateTime(request.dateTime);
  const identity = await selectAndIdentify(terminal);
  // a transaction of this card still in doubt is settled first (or this one is refused): its sequence
  // number must not be taken by a new one before the card is asked about it
  await settlePending(terminal, identity);
  // the balance first: a purchase it cannot cover needs no PSAM
  const balance = await ok(terminal.card, card.getBalance(terminal.kind), 'GET BALANCE');
  if (balance.length !== 4) throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'GET BALANCE', `${balance.length} bytes, not 4`);
  if (new DataView(balance.buffer, balance.byteOffset, 4).getUint32(0) < request.amount) throw new InsufficientFundsError();
  const lease = await leasePsam(terminal, identity);
  try {
    const terminalNumber = await ok(lease.channel, sam.readTerminalNumber(), 'PSAM READ BINARY EF 16');
    const initAnswer = await exchange(terminal.card, card.initializeForPurchase(terminal.kind, request.keyIndex ?? 1, request.amount, terminalNumber));
    if (initAnswer.sw === 0x9401) throw new InsufficientFundsError(initAnswer.sw);
    const init = initAnswer.sw === 0x9000 ? card.parsePurchaseInit(initAnswer.data) : undefined;
    if (!init) throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'INITIALIZE FOR PURCHASE', 'refused or malformed answer', initAnswer.sw);
    const type = card.PURCHASE_TYPE[terminal.kind];
    const samAnswer = await ok(lease.channel, sam.initSamForPurchase(init, request.amount, type, dateTime, identity.factors), 'INIT SAM FOR PURCHASE');
    const [terminalSeq, mac1] = [samAnswer.slice(0, 4), samAnswer.slice(4, 8)];
    const entry: PurseEntry = {
      id: terminal.newId(),
      kind: 'purchase',
      state: 'sent',
      issuer: identity.issuer,
      cardFactors: toCompactHex(identity.factors),
      type,
      amount: request.amount,
      balanceBefore: init.balance,
      seq: init.offlineSeq,
      terminal: toCompactHex(terminalNumber),
      terminalSeq: toCompactHex(terminalSeq),
      dateTime: request.dateTime,
    };
    await terminal.journal.record(entry);
    // in flight until the card has answered and the journal says so: no recovery beside it may judge it
    return await whileInFlight(terminal.journal, entry.id, async () => {
      let debit;
      try {
        debit = await exchange(terminal.card, card.debitForPurchase(terminalSeq, dateTime, mac1));
      } catch (error) {
        throw new InDoubtError('DEBIT FOR PURCHASE', entry.id, error);
      }
      if (debit.sw !== 0x9000 || debit.data.length !== 8) {
        if (!isRefusal(debit)) throw new InDoubtError('DEBIT FOR PURCHASE', entry.id, new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'DEBIT FOR PURCHASE', 'no usable answer', debit.sw));
        // the card refused it (MAC1 wrong, funds gone): nothing was debited
        await terminal.journal.record({ ...entry, state: 'not-done' });
        throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'DEBIT FOR PURCHASE', 'refused', debit.sw);
      }
      const [tac, mac2] = [debit.data.slice(0, 4), debit.data.slice(4, 8)];
      // the money has moved: the TAC is kept before anything else can fail
      const done: PurseEntry = { ...entry, state: 'done', tac: toCompactHex(tac), mac2: toCompactHex(mac2) };
      await terminal.journal.record(done);
      let verified;
      try {
        verified = await exchange(lease.channel, sam.creditSamForPurchase(mac2));
      } catch (error) {
        await terminal.journal.record({ ...done, mac2Verified: false });
        throw new PurseTransactionError('STBPAY_ERR_PURSE_MAC2', 'CREDIT SAM FOR PURCHASE', `the card debited (TAC ${toCompactHex(tac)}) but the PSAM could not check its MAC2`, undefined, { cause: error });
      }
      await terminal.journal.record({ ...done, mac2Verified: verified.sw === 0x9000 });
      if (verified.sw !== 0x9000) {
        // the card has debited: the TAC is kept for the host, but this card's MAC2 is not the PSAM's
        throw new PurseTransactionError('STBPAY_ERR_PURSE_MAC2', 'CREDIT SAM FOR PURCHASE', `the card debited (TAC ${toCompactHex(tac)}) but its MAC2 did not verify`, verified.sw);
      }
      return { id: entry.id, amount: request.amount, balanceBefore: init.balance, balanceAfter: init.balance - request.amount, tac, mac2, terminalSeq, offlineSeq: init.offlineSeq };
    });
  } finally {
    lease.release();
  }
}


async function leasePsam(terminal: PurseTerminal, identity: CardIdentity): Promise<PsamLease> {
  try {
    return await terminal.psams.lease(identity.issuer, { waitMs: terminal.psamWaitMs ?? 0 });
  } catch (error) {
    if (error instanceof PsamNotAcceptableError) throw new PurseTransactionError('STBPAY_ERR_PURSE_NOT_ACCEPTABLE', 'lease a PSAM', error.message, undefined, { cause: error });
    throw error;
  }
}
