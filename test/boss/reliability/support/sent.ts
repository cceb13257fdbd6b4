import { encodeRequestFrame } from '../../../../src/boss/codec/frame-message.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import type { Clock } from '../../../../src/core/clock.ts';
import { RequestBuilder, SerialGenerator, type LoadReport } from '../../../../simulators/bank/index.ts';

/** How a request the test sent ended, as far as the bank knows. */
export type SentOutcome =
  | {
      readonly kind: 'answered';
      readonly respCode: string;
      readonly bossSerial: string;
      /** The answer body exactly as received, when the driver kept it (runLoad keeps only the fields). */
      readonly answer?: Uint8Array;
    }
  | { readonly kind: 'unanswered'; readonly error: string };

/** One request written in whole to the BOSS, with what it asked and how it ended. */
export interface SentRequest {
  readonly txcode: string;
  readonly bankcode: string;
  readonly txDate: string;
  readonly bankSerial: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Length prefix and body, byte for byte as written (rebuilt for runLoad's requests). */
  readonly frame: Uint8Array;
  /** Who sent it (`load round 2`, `side round 1`), for failure messages. */
  readonly origin: string;
  outcome: SentOutcome;
}

export const keyOf = (bankcode: string, txDate: string, bankSerial: string): string => `${bankcode}/${txDate}/${bankSerial}`;
export const requestKey = (request: SentRequest): string => keyOf(request.bankcode, request.txDate, request.bankSerial);

/** One line naming a request for a failure message: key, TXCODE, fields, outcome and the frame. */
export function describeRequest(request: SentRequest): string {
  const outcome = request.outcome.kind === 'answered' ? `answered ${request.outcome.respCode} ${request.outcome.bossSerial}` : `unanswered (${request.outcome.error})`;
  return `${request.txcode} ${requestKey(request)} ${JSON.stringify(request.fields)} ${outcome} [${request.origin}] frame ${JSON.stringify(Buffer.from(request.frame).toString('latin1'))}`;
}

/**
 * The requests of a load run that matter to the ledger: every one answered 0000 and every one left
 * unanswered. runLoad reports their keys and fields, not their bytes; with a clock that stands still
 * (so TXTIME is the same for all) the frame is rebuilt exactly as it was written, which the ledger
 * check confirms against the request each exchange stored.
 */
export function loadRequests(report: LoadReport, options: { profile: Profile; clock: Clock; teller: string; date: string; origin: string }): SentRequest[] {
  const builder = new RequestBuilder(options.profile, {
    bankcode: report.bankcode,
    teller: options.teller,
    clock: options.clock,
    utcOffsetMinutes: 480,
    serials: new SerialGenerator(report.serialPrefix),
    date: options.date,
  });
  const frameOf = (txcode: string, fields: Readonly<Record<string, string>>, bankSerial: string, txDate: string): Uint8Array =>
    encodeRequestFrame(options.profile, builder.build(txcode, { ...fields }, {}, { bankSerial, txDate }));
  const committed: SentRequest[] = report.committed.map((c) => ({
    txcode: c.txcode,
    bankcode: c.bankcode,
    txDate: c.txDate,
    bankSerial: c.bankSerial,
    fields: c.fields,
    frame: frameOf(c.txcode, c.fields, c.bankSerial, c.txDate),
    origin: options.origin,
    outcome: { kind: 'answered', respCode: '0000', bossSerial: c.bossSerial },
  }));
  const unanswered: SentRequest[] = report.unanswered.map((u) => ({
    txcode: u.txcode,
    bankcode: u.bankcode,
    txDate: u.txDate,
    bankSerial: u.bankSerial,
    fields: u.fields,
    frame: frameOf(u.txcode, u.fields, u.bankSerial, u.txDate),
    origin: options.origin,
    outcome: { kind: 'unanswered', error: u.error },
  }));
  return [...committed, ...unanswered];
}
