import type { BossMessage } from '../../src/boss/codec/message.ts';
import type { CaseContext } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import { localTime } from '../../src/boss/local-date.ts';
import { BossLink, type BossAnswer } from './link.ts';
import type { BossTarget } from './target.ts';

/** Who sends a request and for which day; by default the target's bank, a fresh serial, the business date. */
export interface RequestOptions {
  readonly bank?: string;
  readonly serial?: string;
  readonly txdate?: string;
  readonly teller?: string;
  /** The connection to send on; the case's first connection by default. */
  readonly link?: BossLink;
}

/** A request as sent and the answer it got. */
export interface Sent {
  readonly request: BossMessage;
  readonly answer: BossAnswer;
}

/**
 * What a case body works with: its target and evidence, connections that are closed when the case
 * ends, and requests built with fresh serials. [bank-interface §3 request header]
 */
export class BossSession {
  private readonly links: BossLink[] = [];
  private main: BossLink | undefined;

  constructor(
    readonly target: BossTarget,
    readonly evidence: Evidence,
  ) {}

  /** The case's first connection, opened on first use. */
  async link(): Promise<BossLink> {
    this.main ??= await this.connect();
    return this.main;
  }

  /** A new connection of its own. */
  async connect(): Promise<BossLink> {
    const link = await BossLink.open(this.target, this.evidence, `conn${this.links.length + 1}`);
    this.links.push(link);
    return link;
  }

  /** A request of the target's bank with a fresh BANKSERIAL, dated the business date, timed now. */
  request(txcode: string, fields: Record<string, string>, options: RequestOptions = {}): BossMessage {
    return {
      txcode,
      header: {
        BANKCODE: options.bank ?? this.target.data.bank,
        BANKSERIAL: options.serial ?? this.target.serials.next(),
        TXDATE: options.txdate ?? this.target.businessDate,
        TXTIME: localTime(this.target.clock.now(), this.target.utcOffsetMinutes),
        TELLER: options.teller ?? 'CONFORM',
      },
      fields,
      groups: {},
    };
  }

  /** Builds, sends and returns a request with its answer. */
  async send(txcode: string, fields: Record<string, string>, label: string, options: RequestOptions = {}): Promise<Sent> {
    const request = this.request(txcode, fields, options);
    return this.resend(request, label, options.link);
  }

  /** Sends a request built before (a repeat, or one with a field changed). */
  async resend(request: BossMessage, label: string, link?: BossLink): Promise<Sent> {
    const answer = await (link ?? (await this.link())).send(request, label);
    return { request, answer };
  }

  /**
   * Sends a body made by hand (see raw.ts); `echoFrom` is the request whose TXCODE and BANKSERIAL
   * the answer must still echo.
   */
  async sendRaw(body: Uint8Array, echoFrom: BossMessage, label: string, link?: BossLink): Promise<Sent> {
    const answer = await (link ?? (await this.link())).sendBody(body, label);
    return { request: echoFrom, answer };
  }

  async close(): Promise<void> {
    await Promise.all(this.links.map((l) => l.close()));
  }
}

/** Runs a case body with a session whose connections are closed however the body ends. */
export async function withSession(context: CaseContext<BossTarget>, body: (session: BossSession) => Promise<void>): Promise<void> {
  const session = new BossSession(context.target, context.evidence);
  try {
    await body(session);
  } finally {
    await session.close();
  }
}
