import type { BossMessage } from '../../src/boss/codec/message.ts';
import { checkValue } from '../../src/boss/codec/format.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import type { Clock } from '../../src/core/clock.ts';
import { BankSettingError } from './errors.ts';
import { checkDate, localDate, localTime } from '../../src/boss/local-date.ts';
import type { SerialGenerator } from './serials.ts';

/** Who sends, and when: the bank's identity and its accounting day. [bank-interface §3] */
export interface BankIdentity {
  readonly bankcode: string;
  /** Teller or terminal id, 0–10 letters and digits. */
  readonly teller: string;
  readonly clock: Clock;
  readonly utcOffsetMinutes: number;
  /** A fixed accounting date; without it, the clock's local date at each request. */
  readonly date?: string;
  readonly serials: SerialGenerator;
}

/** Where a request's header values come from when they are not the next serial and today. */
export interface HeaderOverrides {
  readonly bankSerial?: string;
  readonly txDate?: string;
}

/**
 * Builds request messages: the §3 header (BANKCODE, a fresh BANKSERIAL, TXDATE, TXTIME from the
 * clock, TELLER) around the transaction's fields. The header names are those of §3.
 */
export class RequestBuilder {
  constructor(
    readonly profile: Profile,
    readonly identity: BankIdentity,
  ) {
    const header = (name: string) => profile.request.header.find((f) => f.name === name);
    for (const [name, value, option] of [['BANKCODE', identity.bankcode, 'bankcode'], ['TELLER', identity.teller, 'teller']] as const) {
      const def = header(name);
      const problem = def && checkValue(def.format, value, profile.body.separator);
      if (problem) throw new BankSettingError(option, `'${value}' ${problem}`);
    }
    if (identity.date !== undefined) checkDate(identity.date, 'date');
  }

  /** The accounting date now: the fixed date, or the clock's local date. */
  today(): string {
    return this.identity.date ?? localDate(this.identity.clock.now(), this.identity.utcOffsetMinutes);
  }

  now(): string {
    return localTime(this.identity.clock.now(), this.identity.utcOffsetMinutes);
  }

  build(txcode: string, fields: Record<string, string>, groups: Record<string, Record<string, string>[]> = {}, overrides: HeaderOverrides = {}): BossMessage {
    const txDate = overrides.txDate ?? this.today();
    return {
      txcode,
      header: {
        BANKCODE: this.identity.bankcode,
        BANKSERIAL: overrides.bankSerial ?? this.identity.serials.next(txDate),
        TXDATE: txDate,
        TXTIME: this.now(),
        TELLER: this.identity.teller,
      },
      fields,
      groups,
    };
  }
}
