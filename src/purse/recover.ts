import { bytesEqual, parseHex, toCompactHex } from '../core/hex.ts';
import { exchange } from '../reader/exchange.ts';
import * as card from './card-apdus.ts';
import { PurseTransactionError } from './errors.ts';
import type { PurseEntry, PurseJournal } from './journal.ts';
import { bcdDateTime, selectAndIdentify } from './card-session.ts';
import { withRecomputedTac } from './recompute-tac.ts';
import type { CardIdentity, PurseTerminal } from './terminal.ts';

/** What became of a transaction that was in doubt. */
export interface Recovered {
  readonly entry: PurseEntry;
  /** `done`: the card has the transaction (its MAC2 and TAC are in the entry while the card still had them). `not-done`: it never happened. */
  readonly outcome: 'done' | 'not-done';
}

export type RecoveryTerminal = Pick<PurseTerminal, 'card' | 'aid' | 'identify' | 'journal' | 'kind' | 'proveSequence' | 'proveOrder' | 'logSfi' | 'loadLogSfi' | 'recomputeTac'> &
  Partial<Pick<PurseTerminal, 'psams' | 'psamWaitMs' | 'tacKeyId'>>;

/** The transaction log holds at most this many records (PBOC cards keep 10; the file says how many it has). */
const MAX_LOG_RECORDS = 50;

/**
 * Settles the journal's transactions still `sent` that belong to the card now in the reader. The card
 * is asked twice, so that a proof of some other transaction is never taken for this one:
 * - GET TRANSACTION PROVE with the transaction's type and the seq INITIALIZE returned (or the next, as
 *   the card's variant is): MAC2 ‖ TAC of whatever transaction the card did under that number;
 * - the transaction log: the record numbered seq + 1 of that type (cards store the number after the
 *   increment) says whether it was this transaction: same amount, terminal, date and time.
 * The record matches: `done` (with the proof when the card still had one, else a PSAM recomputes a
 * purchase's TAC). Another transaction has that number: `not-done`. No record of that number and no
 * proof, with room left in the log or the newest record of that type the one before: `not-done`.
 * Anything else (a proof the log cannot place, a log that no longer reaches back that far) stays
 * `sent` and throws: a person must look. Nothing is ever sent again. Only the entries of this card
 * (issuer and every factor) are asked about, each by the type it stored. [psam_hsm.md §1.2 notes,
 * §1.5, §2.3 step 5]
 */
export async function recoverInDoubt(terminal: RecoveryTerminal): Promise<Recovered[]> {
  return settlePending(terminal, await selectAndIdentify(terminal));
}

/** recoverInDoubt for the card already selected and identified. */
export async function settlePending(terminal: RecoveryTerminal, identity: CardIdentity): Promise<Recovered[]> {
  const factors = toCompactHex(identity.factors);
  // [same card] the issuer and every dispersion factor: a serial number alone is unique only within its issuer
  const busy = inFlight.get(terminal.journal);
  const pending = (await terminal.journal.pending()).filter((entry) => entry.issuer === identity.issuer && entry.cardFactors === factors && !busy?.has(entry.id));
  if (pending.length === 0) return [];
  const logs = new Map<number, TransactionLog>();
  const settled: Recovered[] = [];
  for (const entry of pending) {
    const sfi = entry.kind === 'load' ? (terminal.loadLogSfi ?? terminal.logSfi ?? 0x18) : (terminal.logSfi ?? 0x18);
    let log = logs.get(sfi);
    if (!log) {
      log = await readLog(terminal, sfi);
      logs.set(sfi, log);
    }
    const prove = await exchange(terminal.card, card.getTransactionProve(entry.type, entry.seq + (terminal.proveSequence === 'next' ? 1 : 0)));
    const [first, second] = [toCompactHex(prove.data.slice(0, 4)), toCompactHex(prove.data.slice(4, 8))];
    const proof = prove.sw === 0x9000 && prove.data.length === 8 ? (terminal.proveOrder === 'tac-mac2' ? { tac: first, mac2: second } : { mac2: first, tac: second }) : undefined;
    if (!proof && prove.sw !== 0x9406) {
      throw new PurseTransactionError('STBPAY_ERR_PURSE_CARD', 'GET TRANSACTION PROVE', `transaction ${entry.id} stays in doubt`, prove.sw);
    }
    let verdict = judge(entry, log);
    // a proof under that number without the log to say whose it is: never taken for "it did not happen"
    if (verdict === 'not-done' && proof && !log.records.some((r) => r.type === entry.type && r.seq === entry.seq + 1)) verdict = 'unknown';
    if (verdict === 'unknown') {
      throw new PurseTransactionError('STBPAY_ERR_PURSE_IN_DOUBT', 'transaction log', `transaction ${entry.id} stays in doubt: the card's log (SFI ${sfi}) does not show its sequence number ${entry.seq + 1}`);
    }
    let next: PurseEntry = { ...entry, state: 'not-done' };
    if (verdict === 'done') {
      next = { ...entry, state: 'done', ...(proof ?? {}), ...(entry.kind === 'purchase' ? { mac2Verified: false } : {}) };
      // the card no longer keeps this proof: the PSAM recomputes the TAC the merchant needs
      if (!proof && entry.kind === 'purchase' && terminal.psams && terminal.recomputeTac !== false) next = await withRecomputedTac(terminal, identity, next);
    }
    await terminal.journal.record(next);
    settled.push({ entry: next, outcome: verdict });
  }
  return settled;
}

/**
 * Entries (by journal and id) whose DEBIT or CREDIT this process is sending right now: not in doubt,
 * whatever the journal says, so a recovery running beside them (another purchase on the same card)
 * leaves them alone.
 */
const inFlight = new WeakMap<PurseJournal, Set<string>>();

/** Runs `work` with the entry marked as in flight. */
export async function whileInFlight<T>(journal: PurseJournal, id: string, work: () => Promise<T>): Promise<T> {
  let ids = inFlight.get(journal);
  if (!ids) inFlight.set(journal, (ids = new Set()));
  ids.add(id);
  try {
    return await work();
  } finally {
    ids.delete(id);
  }
}

/** Whether the log shows the entry's transaction, another one under its number, or cannot tell. */
function judge(entry: PurseEntry, log: TransactionLog): 'done' | 'not-done' | 'unknown' {
  const mine = log.records.filter((r) => r.type === entry.type);
  const numbered = mine.find((r) => r.seq === entry.seq + 1);
  if (numbered) {
    const same = numbered.amount === entry.amount && bytesEqual(numbered.terminal, parseHex(entry.terminal)) && bytesEqual(numbered.dateTime, bcdDateTime(entry.dateTime));
    return same ? 'done' : 'not-done';
  }
  // a log with room left has lost nothing: no record of that number, no such transaction
  if (!log.full) return 'not-done';
  // the card's newest transaction of this type is the one before: it never did this one
  const newest = mine.reduce((top, r) => Math.max(top, r.seq), -1);
  return newest === entry.seq ? 'not-done' : 'unknown';
}

interface TransactionLog {
  /** Newest first. */
  readonly records: readonly card.LogRecord[];
  /** Every record of the file holds a transaction: older ones may have been pushed out. */
  readonly full: boolean;
}

/** The card's transaction log, newest first: records up to the first empty one, or to the end of the file. */
async function readLog(terminal: RecoveryTerminal, sfi: number): Promise<TransactionLog> {
  const records: card.LogRecord[] = [];
  for (let n = 1; n <= MAX_LOG_RECORDS; n++) {
    const answer = await exchange(terminal.card, card.readLogRecord(sfi, n));
    if (answer.sw !== 0x9000) return { records, full: true }; // past the last record (6A83)
    const record = card.parseLogRecord(answer.data);
    if (!record) return { records, full: false };
    records.push(record);
  }
  return { records, full: true };
}
