import { concatBytes, toCompactHex, uintBytes } from '../core/hex.ts';
import { exchange } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { bcdDateTime, isRefusal, selectAndIdentify } from './card-session.ts';
import { InDoubtError, PurseTransactionError } from './errors.ts';
import type { PurseEntry } from './journal.ts';
import { settlePending, whileInFlight, type RecoveryTerminal } from './recover.ts';
import type { PurseTerminal } from './terminal.ts';

/** What the issuer host (its HSM) does in a load. */
export interface LoadAuthority {
  /** Checks the card's MAC1 and gives MAC2 for CREDIT FOR LOAD; rejects (LoadRefusedError) when MAC1 is wrong. */
  mac2(request: LoadMacRequest): Promise<Uint8Array>;
  /** Whether the TAC the card returned for the load verifies under the card's TAC key. */
  verifyTac(factors: Uint8Array, data: Uint8Array, tac: Uint8Array): Promise<boolean>;
}

export interface LoadMacRequest {
  /** The card's dispersion factors, 8 bytes each, the card's own first. */
  readonly factors: Uint8Array;
  readonly random: Uint8Array;
  readonly onlineSeq: Uint8Array;
  readonly balance: Uint8Array;
  readonly amount: Uint8Array;
  readonly type: number;
  readonly terminal: Uint8Array;
  readonly mac1: Uint8Array;
  /** YYYYMMDD and hhmmss: what goes to the card in CREDIT FOR LOAD. */
  readonly hostDate: string;
  readonly hostTime: string;
}

/** The host refused the load (the card's MAC1 is wrong): nothing was credited. */
export class LoadRefusedError extends PurseTransactionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STBPAY_ERR_PURSE_LOAD_REFUSED', 'load MAC1', message, undefined, options);
  }
}

export interface LoadRequest {
  /** Fen, > 0. */
  readonly amount: number;
  /** The host's YYYYMMDDhhmmss. */
  readonly hostDateTime: string;
  /** The 6-byte terminal number of the loading terminal (the STB). */
  readonly terminal: Uint8Array;
  readonly keyIndex?: number;
}

export interface LoadReceipt {
  readonly id: string;
  readonly amount: number;
  readonly balanceBefore: number;
  readonly balanceAfter: number;
  readonly tac: Uint8Array;
  /** The host verified the card's TAC. */
  readonly tacVerified: boolean;
}

export type LoadTerminal = RecoveryTerminal & Pick<PurseTerminal, 'newId'> & { readonly authority: LoadAuthority };

/**
 * A load (top-up): INITIALIZE FOR LOAD (the card's MAC1), MAC2 from the issuer host's HSM, CREDIT
 * FOR LOAD (the card's TAC, checked by the host). The journal says `sent` durably before CREDIT is
 * sent; a CREDIT without an answer throws InDoubtError and is never sent again (recoverInDoubt asks
 * the card). [psam_hsm.md §1.2, §1.3, §2.5]
 */
export async function load(terminal: LoadTerminal, request: LoadRequest): Promise<LoadReceipt> {
  if (!Number.isInteger(request.amount) || request.amount <= 0 || request.amount > 0xffffffff) {
    throw new PurseTransactionError('STBPAY_ERR_PURSE_INPUT', 'load', `amount ${request.amount} is not a whole number of fen in 1..4294967295`);
  }
  const dateTime = bcdDateTime(request.hostDateTime);
  const identity = await selectAndIdentify(terminal);
  await settlePending(terminal, identity);
  const type = card.LOAD_TYPE[terminal.kind];
  const answer = await exchange(terminal.card, card.initializeForLoad(terminal.kind, request.keyIndex ?? 1, request.amount, request.terminal));
  const init = answer.sw === 0x9000 ? card.parseLoadInit(answer.data) : undefined;
  if (!init) throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'INITIALIZE FOR LOAD', 'refused or malformed answer', answer.sw);
  const amount = uintBytes(request.amount, 4);
  const onlineSeq = answer.data.slice(4, 6);
  const mac2 = await terminal.authority.mac2({
    factors: identity.factors,
    random: init.random,
    onlineSeq,
    balance: answer.data.slice(0, 4),
    amount,
    type,
    terminal: request.terminal,
    mac1: init.mac1,
    hostDate: request.hostDateTime.slice(0, 8),
    hostTime: request.hostDateTime.slice(8, 14),
  });
  const entry: PurseEntry = {
    id: terminal.newId(),
    kind: 'load',
    state: 'sent',
    issuer: identity.issuer,
    cardFactors: toCompactHex(identity.factors),
    type: type,
    amount: request.amount,
    balanceBefore: init.balance,
    seq: init.onlineSeq,
    terminal: toCompactHex(request.terminal),
    dateTime: request.hostDateTime,
  };
  await terminal.journal.record(entry);
  // in flight until the card has answered and the journal says so: no recovery beside it may judge it
  return whileInFlight(terminal.journal, entry.id, async () => {
    let credit;
    try {
      credit = await exchange(terminal.card, card.creditForLoad(dateTime, mac2));
    } catch (error) {
      throw new InDoubtError('CREDIT FOR LOAD', entry.id, error);
    }
    if (credit.sw !== 0x9000 || credit.data.length !== 4) {
      if (!isRefusal(credit)) throw new InDoubtError('CREDIT FOR LOAD', entry.id, new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'CREDIT FOR LOAD', 'no usable answer', credit.sw));
      await terminal.journal.record({ ...entry, state: 'not-done' });
      throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'CREDIT FOR LOAD', 'refused', credit.sw);
    }
    const tac = credit.data;
    // the money has moved: the TAC is kept before the host is asked about it
    const done: PurseEntry = { ...entry, state: 'done', tac: toCompactHex(tac) };
    await terminal.journal.record(done);
    const balanceAfter = init.balance + request.amount;
    // [psam_hsm.md §1.3] load TAC: new balance ‖ online seq before ‖ amount ‖ type ‖ terminal ‖ date ‖ time
    const tacData = concatBytes(uintBytes(balanceAfter, 4), onlineSeq, amount, Uint8Array.of(type), request.terminal, dateTime);
    const tacVerified = await terminal.authority.verifyTac(identity.factors, tacData, tac);
    await terminal.journal.record({ ...done, tacVerified });
    return { id: entry.id, amount: request.amount, balanceBefore: init.balance, balanceAfter, tac, tacVerified };
  });
}
