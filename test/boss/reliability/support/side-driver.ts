import { setTimeout as sleep } from 'node:timers/promises';
import { BankConnection } from '../../../../src/boss/client/bank-connection.ts';
import { encodeRequestFrame } from '../../../../src/boss/codec/frame-message.ts';
import { decodeResponse } from '../../../../src/boss/codec/message.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import type { Clock } from '../../../../src/core/clock.ts';
import { errorMessage } from '../../../../src/core/errors.ts';
import type { Random } from '../../../../src/core/random.ts';
import { RequestBuilder, SerialGenerator } from '../../../../simulators/bank/index.ts';
import type { SentRequest } from './sent.ts';

/** A 1002 of an earlier round that the side driver may refer to. */
export interface Original {
  readonly request: SentRequest;
  /** Answered 0000 (the BOSS has it) or unanswered (it may or may not). */
  readonly committed: boolean;
}

export interface SideOptions {
  readonly port: number;
  readonly profile: Profile;
  readonly clock: Clock;
  readonly date: string;
  readonly random: Random;
  /** BANKSERIAL prefix of this round's side requests. */
  readonly serialPrefix: string;
  /** Taken from the front as used: each original is referred to once. */
  readonly originals: Original[];
  readonly connections: number;
  readonly maxRequests: number;
  readonly origin: string;
  readonly signal: AbortSignal;
}

/**
 * What runLoad does not send, alongside it: requests that refer to payments of earlier rounds, i.e.
 * made before a crash. A 1006 of a payment the BOSS has (same values: 0000 with the existing
 * BOSSSERIAL, nothing posted; AMOUNT + 1: 2003), a 1006 of a 1002 left unanswered by a crash (the BOSS
 * may or may not have it), a 1005 of a payment made before a crash, or of an unanswered one (0000 or
 * 2004). [bank-interface §4 1005, 1006; §5] Every request written is recorded, byte for byte, with its answer.
 */
export async function runSide(options: SideOptions): Promise<SentRequest[]> {
  const builder = new RequestBuilder(options.profile, {
    bankcode: 'ICBC01',
    teller: 'SIDE',
    clock: options.clock,
    utcOffsetMinutes: 480,
    serials: new SerialGenerator(options.serialPrefix),
    date: options.date,
  });
  const sent: SentRequest[] = [];
  let left = options.maxRequests;
  const worker = async (): Promise<void> => {
    let connection: BankConnection | undefined;
    try {
      while (left > 0 && !options.signal.aborted) {
        const original = options.originals.shift();
        if (!original) return;
        left--;
        const { txcode, fields } = sideFields(original, options.random);
        const message = builder.build(txcode, fields);
        const frame = encodeRequestFrame(options.profile, message);
        if (connection === undefined || connection.closed) {
          connection = await BankConnection.open({ host: '127.0.0.1', port: options.port, profile: options.profile, timeoutMs: 5000 }).catch(() => undefined);
          if (!connection) {
            options.originals.unshift(original);
            left++;
            await sleep(20);
            continue;
          }
        }
        const request = { txcode, fields, bankcode: 'ICBC01', txDate: options.date, bankSerial: message.header.BANKSERIAL ?? '', frame, origin: options.origin };
        sent.push({ ...request, outcome: await exchange(connection, frame, options.profile) });
        await sleep(options.random.int(0, 30));
      }
    } finally {
      await connection?.close({ abort: true }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, () => worker()));
  return sent;
}

function sideFields(original: Original, random: Random): { txcode: string; fields: Record<string, string> } {
  const { fields, bankSerial, txDate } = original.request;
  const custno = fields.CUSTNO ?? '';
  const amount = fields.AMOUNT ?? '';
  const choice = random.int(0, 9);
  if (choice < 4) return { txcode: '1006', fields: { ORIGSERIAL: bankSerial, ORIGDATE: txDate, CUSTNO: custno, AMOUNT: amount } };
  // a different AMOUNT only for a payment the BOSS surely has: 2003; for one it may lack it would post
  if (choice < 6 && original.committed) return { txcode: '1006', fields: { ORIGSERIAL: bankSerial, ORIGDATE: txDate, CUSTNO: custno, AMOUNT: String(Number(amount) + 1) } };
  return { txcode: '1005', fields: { ORIGSERIAL: bankSerial, CUSTNO: custno, AMOUNT: amount } };
}

async function exchange(connection: BankConnection, frame: Uint8Array, profile: Profile): Promise<SentRequest['outcome']> {
  try {
    await connection.write(frame);
  } catch (error) {
    return { kind: 'unanswered', error: `write: ${errorMessage(error)}` };
  }
  try {
    const body = await connection.nextFrame(5000);
    if (body === undefined) return { kind: 'unanswered', error: 'closed' };
    const answer = decodeResponse(profile, body);
    return { kind: 'answered', respCode: answer.header.RESPCODE ?? '', bossSerial: answer.header.BOSSSERIAL ?? '', answer: body };
  } catch (error) {
    return { kind: 'unanswered', error: errorMessage(error) };
  }
}
