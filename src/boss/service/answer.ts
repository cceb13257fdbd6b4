import { encodeResponse } from '../codec/message.ts';
import type { Profile } from '../profile/types.ts';
import { respMessage } from './codes.ts';
import type { Outcome } from './outcome.ts';

export interface AnswerHeader {
  readonly txcode: string;
  readonly respCode: string;
  /** RESPMSG when not the code's usual text. */
  readonly message?: string;
  readonly bankSerial: string;
  readonly bossSerial: string;
}

/** A response body: the header of §3 and, for 0000 only, the transaction's fields. [bank-interface §3] */
export function encodeAnswer(profile: Profile, header: AnswerHeader, outcome?: Pick<Outcome, 'fields' | 'groups'>): Uint8Array {
  const success = header.respCode === profile.response.fieldsOnlyWhen;
  return encodeResponse(profile, {
    txcode: header.txcode,
    header: {
      [profile.response.respCodeField]: header.respCode,
      RESPMSG: respMessage(header.respCode, header.message),
      BANKSERIAL: header.bankSerial,
      BOSSSERIAL: header.bossSerial,
    },
    fields: success ? { ...outcome?.fields } : {},
    groups: success ? { ...outcome?.groups } : {},
  });
}

/** The answer to a request the BOSS could not serve: 9999, nothing applied, the bank may retry. [§6] */
export function internalErrorAnswer(profile: Profile, txcode: string, bankSerial: string): Uint8Array {
  return encodeAnswer(profile, { txcode, respCode: profile.roles.internalError, bankSerial, bossSerial: '' });
}
