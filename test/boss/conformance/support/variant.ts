import { decodeResponse, encodeRequest, encodeResponse, type BossMessage } from '../../../../src/boss/codec/message.ts';
import type { BossService, ServiceAnswer } from '../../../../src/boss/service/types.ts';
import { PROFILE, requestOf, wrapService } from './mutant.ts';

/**
 * Gives the records of one kind names of another scheme, the same name for the same record every time
 * (a replayed answer stays byte for byte the same), and takes them back where a request names one.
 */
class Renamer {
  private readonly forward = new Map<string, string>();
  private readonly back = new Map<string, string>();

  constructor(private readonly shape: (n: number) => string) {}

  /** Our BOSS's name → the variant's. */
  out(real: string): string {
    if (real === '') return real;
    let name = this.forward.get(real);
    if (name === undefined) {
      name = this.shape(this.forward.size + 1);
      this.forward.set(real, name);
      this.back.set(name, real);
    }
    return name;
  }

  /** The variant's name → our BOSS's; a name it never gave passes as it is (and is not found). */
  in(name: string): string {
    return this.back.get(name) ?? name;
  }
}

/** RESPMSG of the variant: other words than ours, some empty (§3: 0–60 characters). */
const MESSAGES: Readonly<Record<string, string>> = {
  '0000': 'ACCEPTED',
  '1001': 'SERVICE NOT OPEN FOR THIS BANK',
  '1002': 'REQUEST REJECTED BY PARSER',
  '1003': 'ACCESS DENIED',
  '1004': 'MESSAGE TOO LONG',
  '1005': 'DUPLICATE SERIAL',
  '2001': '',
  '2003': 'PLEASE CHECK THE AMOUNT',
};

/** TXCODE of answers to requests too broken to echo one: ours is 0000, the contract names none. */
const BROKEN_TXCODE = '9000';

const AMOUNT_PIECE = PROFILE.request.header.length + (PROFILE.transactions['1002']?.request.findIndex((f) => f.kind === 'field' && f.name === 'AMOUNT') ?? -1);

/** A 1002 whose AMOUNT is `0`, read from the raw body: our codec refuses to decode it. */
function isZeroPayment(body: Uint8Array): boolean {
  const pieces = Buffer.from(body).toString('latin1').split(PROFILE.body.separator);
  return pieces[0] === '1002' && pieces[AMOUNT_PIECE] === '0';
}

/**
 * A BOSS as correct as ours that took the other choices the contract leaves open, so the suite is
 * seen to judge the contract, not our BOSS's habits. Around our real service:
 * - RESPMSG: other English words, some empty (§3);
 * - BOSSSERIAL: another alphanumeric scheme (`bs` + 10 base-36 digits), also taken back where it
 *   returns as PAYSERIAL (§3, §4 3001);
 * - INVOICENO: another scheme (`fp` + 6 digits), also taken back in 3002/3003;
 * - AMOUNT 0 answered 2003, amount invalid (§4, §6), where ours answers 1002;
 * - bill lines newest month first, invoice items as one line for the whole amount (§4 fixes neither);
 * - answers to requests too broken to echo a TXCODE carry 9000.
 */
export function variantBoss(): (service: BossService) => BossService {
  const serials = new Renamer((n) => `bs${n.toString(36).padStart(10, '0')}`);
  const invoices = new Renamer((n) => `fp${String(n).padStart(6, '0')}`);

  const mapRequest = (body: Uint8Array): Uint8Array => {
    const request = requestOf(body);
    if (!request) return body;
    const fields = { ...request.fields };
    if (request.txcode === '3001' && fields.PAYSERIAL !== undefined) fields.PAYSERIAL = serials.in(fields.PAYSERIAL);
    else if ((request.txcode === '3002' || request.txcode === '3003') && fields.INVOICENO !== undefined) fields.INVOICENO = invoices.in(fields.INVOICENO);
    else return body;
    return encodeRequest(PROFILE, { ...request, fields });
  };

  const mapAnswer = (answer: ServiceAnswer, zeroPayment: boolean): ServiceAnswer => {
    let message: BossMessage;
    try {
      message = decodeResponse(PROFILE, answer.body);
    } catch {
      return answer;
    }
    const respCode = zeroPayment && message.header.RESPCODE === '1002' ? '2003' : (message.header.RESPCODE ?? '');
    const bossSerial = serials.out(message.header.BOSSSERIAL ?? '');
    const changed: BossMessage = {
      txcode: message.txcode === '0000' ? BROKEN_TXCODE : message.txcode,
      header: { ...message.header, RESPCODE: respCode, RESPMSG: MESSAGES[respCode] ?? 'DECLINED', BOSSSERIAL: bossSerial },
      fields: { ...message.fields },
      groups: { ...message.groups },
    };
    if (respCode === '0000') {
      if (changed.fields.INVOICENO !== undefined) changed.fields.INVOICENO = invoices.out(changed.fields.INVOICENO);
      const bills = changed.groups.BILLS;
      if (bills) changed.groups.BILLS = [...bills].sort((a, b) => (b.BILLMONTH ?? '').localeCompare(a.BILLMONTH ?? ''));
      if (changed.groups.ITEMS) {
        changed.fields.ITEMCOUNT = '1';
        changed.groups.ITEMS = [{ ITEM: 'FEES', AMOUNT: changed.fields.AMOUNT ?? '' }];
      }
    }
    return { ...answer, body: encodeResponse(PROFILE, changed), txcode: changed.txcode, respCode, bossSerial };
  };

  return (service) =>
    wrapService(service, {
      async handle(body, context, original) {
        return mapAnswer(await original(mapRequest(body), context), isZeroPayment(body));
      },
      frameError(error, context, original) {
        const answer = original(error, context);
        return answer && mapAnswer(answer, false);
      },
    });
}
