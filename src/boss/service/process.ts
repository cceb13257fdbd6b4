import type { Clock } from '../../core/clock.ts';
import { bytesEqual } from '../../core/hex.ts';
import type { BossMessage } from '../codec/message.ts';
import type { Profile } from '../profile/types.ts';
import type { LedgerTransaction } from '../store/types.ts';
import { encodeAnswer } from './answer.ts';
import type { TransactionRequest } from './context.ts';
import { localDate } from '../local-date.ts';
import { checkBank } from './bank-checks.ts';
import { TRANSACTIONS } from './transactions/index.ts';

export interface ProcessInput {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly utcOffsetMinutes: number;
  readonly message: BossMessage;
  /** The body exactly as received: what a repeat must match byte for byte. [§5] */
  readonly body: Uint8Array;
  readonly peerAddress: string;
}

export interface Processed {
  readonly body: Uint8Array;
  readonly respCode: string;
  readonly bossSerial: string;
  readonly replayed: boolean;
}

/**
 * One request inside one unit of work: bank and TXCODE checks, idempotency, the transaction, and the
 * exchange record, so the effect, the stored answer and the idempotency key commit together or not
 * at all. [bank-interface §5]
 * Decision where §5 is open: only requests that pass the bank checks (1003, 1001) are "processed";
 * those refusals are not stored, so they neither replay nor make a later body with that key a 1005.
 */
export async function processRequest(tx: LedgerTransaction, input: ProcessInput): Promise<Processed> {
  const { profile, message } = input;
  const request = toRequest(message);

  const checked = await checkBank(tx, profile, request, input.peerAddress);
  if (!checked.ok) return refusal(profile, request, checked.respCode, checked.message);
  const { bank } = checked;
  const handler = TRANSACTIONS[request.txcode];
  if (!handler) return refusal(profile, request, profile.roles.unknownTxcode, 'TXCODE unknown');

  // [§5] same key: identical body → the original answer byte for byte; different body → 1005
  const previous = await tx.exchange(request);
  if (previous) {
    if (!bytesEqual(previous.request, input.body)) return refusal(profile, request, profile.roles.serialReused);
    return { body: previous.response, respCode: previous.respCode, bossSerial: previous.bossSerial, replayed: true };
  }

  const today = localDate(input.clock.now(), input.utcOffsetMinutes);
  const outcome = await handler({ tx, request, bank, today, profile });
  const body = encodeAnswer(
    profile,
    { txcode: request.txcode, respCode: outcome.respCode, bankSerial: request.bankSerial, bossSerial: outcome.bossSerial, ...(outcome.message === undefined ? {} : { message: outcome.message }) },
    outcome,
  );
  await tx.recordExchange({
    bankcode: request.bankcode,
    txdate: request.txdate,
    bankSerial: request.bankSerial,
    txcode: request.txcode,
    request: input.body,
    response: body,
    respCode: outcome.respCode,
    bossSerial: outcome.bossSerial,
  });
  return { body, respCode: outcome.respCode, bossSerial: outcome.bossSerial, replayed: false };
}

/** An answer the bank checks or §5 give before any transaction ran: nothing stored. */
function refusal(profile: Profile, request: TransactionRequest, respCode: string, detail?: string): Processed {
  return {
    body: encodeAnswer(profile, { txcode: request.txcode, respCode, bankSerial: request.bankSerial, bossSerial: '', ...(detail === undefined ? {} : { message: detail }) }),
    respCode,
    bossSerial: '',
    replayed: false,
  };
}

export function toRequest(message: BossMessage): TransactionRequest {
  const { header } = message;
  return {
    txcode: message.txcode,
    bankcode: header.BANKCODE ?? '',
    bankSerial: header.BANKSERIAL ?? '',
    txdate: header.TXDATE ?? '',
    txtime: header.TXTIME ?? '',
    teller: header.TELLER ?? '',
    fields: message.fields,
  };
}
