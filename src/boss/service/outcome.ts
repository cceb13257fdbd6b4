import { CODES } from './codes.ts';

type Fields = Record<string, string>;
type Groups = Record<string, Record<string, string>[]>;

/** What a transaction decided: its response code and, for 0000, the fields to send. [bank-interface §3, §4] */
export interface Outcome {
  readonly respCode: string;
  /** RESPMSG when not the code's usual text. */
  readonly message?: string;
  /** The BOSS record created or found; empty if none. [§3 BOSSSERIAL] */
  readonly bossSerial: string;
  readonly fields: Fields;
  readonly groups: Groups;
}

export function ok(fields: Fields, options: { bossSerial?: string; groups?: Groups } = {}): Outcome {
  return { respCode: '0000', bossSerial: options.bossSerial ?? '', fields, groups: options.groups ?? {} };
}

/** A refusal: transaction fields are only sent with 0000, so there are none. [§3] */
export function refuse(respCode: (typeof CODES)[keyof typeof CODES], message?: string): Outcome {
  return { respCode, bossSerial: '', fields: {}, groups: {}, ...(message === undefined ? {} : { message }) };
}
