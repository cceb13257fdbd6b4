import { BossDecodeError, type BossFrameError } from '../../../../src/boss/codec/errors.ts';
import { decodeRequest, encodeResponse, type BossMessage } from '../../../../src/boss/codec/message.ts';
import { respCodeFor } from '../../../../src/boss/codec/resp-code.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import type { BossService, RequestContext, ServiceAnswer } from '../../../../src/boss/service/types.ts';

export interface TestServiceOptions {
  /** Addresses allowsPeer says yes to (127.0.0.1 unless given). */
  readonly allowed?: readonly string[];
  /** How long to take over a request, by its decoded message (0 unless given). */
  readonly delayMs?: (message: BossMessage) => number;
  /** Make handle reject for this message (a service breaking its promise). */
  readonly rejectIf?: (message: BossMessage) => boolean;
}

export interface HandledRequest {
  readonly message: BossMessage | undefined;
  readonly context: RequestContext;
}

/**
 * A test double for the server's side of the BossService boundary, not a second BOSS: it decodes with
 * the real codec, answers every 1001 with a fixed customer echoing CUSTNO, any other valid TXCODE with
 * 1001 (not enabled), a decode error with its code, and records what it was asked.
 */
export class TestService implements BossService {
  readonly profile: Profile = defaultProfile();
  readonly handled: HandledRequest[] = [];
  readonly frameErrors: BossFrameError[] = [];
  readonly peersAsked: string[] = [];
  /** Requests inside handle right now. */
  inFlight = 0;
  closed = false;

  constructor(private readonly options: TestServiceOptions = {}) {}

  allowsPeer(address: string): boolean {
    this.peersAsked.push(address);
    return (this.options.allowed ?? ['127.0.0.1']).includes(address);
  }

  async handle(body: Uint8Array, context: RequestContext): Promise<ServiceAnswer> {
    const started = Date.now();
    let message: BossMessage | undefined;
    try {
      message = decodeRequest(this.profile, body);
    } catch (error) {
      if (!(error instanceof BossDecodeError)) throw error;
      this.handled.push({ message: undefined, context });
      return this.answer({ txcode: error.partial.txcode ?? '0000', respCode: error.respCode, bankSerial: error.partial.header.BANKSERIAL ?? '' }, started);
    }
    this.handled.push({ message, context });
    this.inFlight++;
    try {
      const delay = this.options.delayMs?.(message) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.options.rejectIf?.(message)) throw new Error('test service rejects on purpose');
    } finally {
      this.inFlight--;
    }
    const bankSerial = message.header.BANKSERIAL ?? '';
    const bankcode = message.header.BANKCODE ?? '';
    if (message.txcode !== '1001') return this.answer({ txcode: message.txcode, respCode: '1001', bankSerial, bankcode }, started);
    const custno = message.fields.CUSTNO ?? '';
    const fields = { CUSTNO: custno, CUSTNAME: 'ZHANG SAN', ADDRESS: 'NO 8 RENMIN RD', ARREARS: '2250', BILLCOUNT: '1' };
    return this.answer({ txcode: '1001', respCode: '0000', bankSerial, bankcode, fields, groups: { BILLS: [{ BILLMONTH: '202611', ITEM: 'BASIC', AMOUNT: '2250' }] } }, started);
  }

  frameError(error: BossFrameError): ServiceAnswer | undefined {
    this.frameErrors.push(error);
    const respCode = respCodeFor(this.profile, error);
    if (respCode === undefined) return undefined;
    return { ...this.answer({ txcode: '0000', respCode, bankSerial: '' }, Date.now()), close: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private answer(
    init: { txcode: string; respCode: string; bankSerial: string; bankcode?: string; fields?: Record<string, string>; groups?: BossMessage['groups'] },
    started: number,
  ): ServiceAnswer {
    const message: BossMessage = {
      txcode: init.txcode,
      header: { RESPCODE: init.respCode, RESPMSG: init.respCode === '0000' ? 'OK' : 'REFUSED', BANKSERIAL: init.bankSerial, BOSSSERIAL: '' },
      fields: init.fields ?? {},
      groups: init.groups ?? {},
    };
    return {
      body: encodeResponse(this.profile, message),
      txcode: init.txcode,
      respCode: init.respCode,
      ...(init.bankcode === undefined ? {} : { bankcode: init.bankcode }),
      bankSerial: init.bankSerial,
      replayed: false,
      close: false,
      elapsedMs: Date.now() - started,
    };
  }
}
