import { setTimeout as sleep } from 'node:timers/promises';
import { BankConnection } from '../../src/boss/client/bank-connection.ts';
import { decodeDailyFile, type DailyFile } from '../../src/boss/codec/daily-file.ts';
import { encodeFrame } from '../../src/boss/codec/frame.ts';
import { encodeRequest, type BossMessage } from '../../src/boss/codec/message.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { createRandom, type Random } from '../../src/core/random.ts';
import { BankBooks, type BookEntry } from './books.ts';
import { cashDetailFile, encodeNamedFile, withholdingDetailFile, type NamedFile } from './daily-files.ts';
import { DEFAULT_UTC_OFFSET_MINUTES } from '../../src/boss/local-date.ts';
import { RequestBuilder } from './request-builder.ts';
import { SerialGenerator } from './serials.ts';
import { runWithholding, type DebitWeights } from './withholding-results.ts';

export interface BankEmulatorOptions {
  /** BANKCODE, e.g. `ICBC01`. */
  readonly bankcode: string;
  /** The BOSS bank interface (default 127.0.0.1). */
  readonly host?: string;
  readonly port: number;
  /** Default: boss-bank/1. */
  readonly profile?: Profile;
  /** TXTIME (and TXDATE without `date`) come from it; delays of the personas run on it. Default: system clock. */
  readonly clock?: Clock;
  /** Everything random the emulator does (debit results, garbage bytes). Default: seed 0. */
  readonly random?: Random;
  /** TELLER (default `T01`). */
  readonly teller?: string;
  /** A fixed accounting date YYYYMMDD; without it, the clock's local date. */
  readonly date?: string;
  /** Default +08:00. */
  readonly utcOffsetMinutes?: number;
  /** Connect and answer timeout, ms (default 10 000). */
  readonly timeoutMs?: number;
  /** Between the date and the sequence of every BANKSERIAL, to keep runs apart (default none). */
  readonly serialPrefix?: string;
  /** A generator shared with other emulators of the same bank (instead of a new one). */
  readonly serials?: SerialGenerator;
}

/** Real time a delivered lost payment's connection stays open, so the BOSS reads the frame first. */
const LOST_ANSWER_HOLD_MS = 50;

/** One transaction as it went: the request and its answer, decoded and as raw frames. */
export interface BankTransaction {
  readonly request: BossMessage;
  /** Length prefix and body, exactly as written. */
  readonly requestFrame: Uint8Array;
  readonly answer: BossMessage;
  readonly answerFrame: Uint8Array;
  readonly respCode: string;
  /** RESPCODE is the profile's success code (0000). */
  readonly ok: boolean;
  /** The BOSS record created or found, `''` if none. */
  readonly bossSerial: string;
}

/** A payment the bank debited and the BOSS never answered, on purpose. */
export interface LostPayment {
  readonly request: BossMessage;
  readonly requestFrame: Uint8Array;
  /** True when the frame was sent and the connection dropped before the answer. */
  readonly delivered: boolean;
}

/**
 * A commercial bank's front-end (银行前置机) talking to a BOSS bank interface: one method per
 * transaction of §4, each one request at a time on one connection [§1], with fresh BANKSERIALs, and
 * its own books, from which it writes its daily files (XJMX, DKMX, YH) [§7]. The misbehaviours are
 * in `personas/`, the load generator in `load/`.
 */
export class BankEmulator {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly random: Random;
  readonly requests: RequestBuilder;
  readonly books: BankBooks;
  readonly host: string;
  readonly port: number;
  private readonly timeoutMs: number;
  private shared: BankConnection | undefined;
  /** Serialises transactions: §1 one request at a time per connection. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: BankEmulatorOptions) {
    this.profile = options.profile ?? defaultProfile();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? createRandom(0);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.books = new BankBooks(this.profile.roles.success);
    this.requests = new RequestBuilder(this.profile, {
      bankcode: options.bankcode,
      teller: options.teller ?? 'T01',
      clock: this.clock,
      utcOffsetMinutes: options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES,
      serials: options.serials ?? new SerialGenerator(options.serialPrefix),
      ...(options.date === undefined ? {} : { date: options.date }),
    });
  }

  get bankcode(): string {
    return this.requests.identity.bankcode;
  }

  /** The accounting date now. */
  get date(): string {
    return this.requests.today();
  }

  /** A new connection of its own (personas use one each); the caller closes it. */
  openConnection(timeoutMs = this.timeoutMs): Promise<BankConnection> {
    return BankConnection.open({ host: this.host, port: this.port, profile: this.profile, timeoutMs });
  }

  /** Sends a request and waits for its answer, on `connection` or the emulator's own; books both. */
  send(request: BossMessage, connection?: BankConnection): Promise<BankTransaction> {
    const run = this.queue.then(() => this.exchange(request, connection));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Builds a request with a fresh serial and sends it. */
  transact(txcode: string, fields: Record<string, string>): Promise<BankTransaction> {
    return this.send(this.requests.build(txcode, fields));
  }

  /** 1001 query arrears (请求数据). */
  queryArrears(custno: string): Promise<BankTransaction> {
    return this.transact('1001', { CUSTNO: custno });
  }

  /** 1002 payment confirm (交费确认); PAYTYPE `1` cash, `2` bank card. */
  pay(custno: string, amount: number, payType: '1' | '2' = '1'): Promise<BankTransaction> {
    return this.transact('1002', { CUSTNO: custno, AMOUNT: String(amount), PAYTYPE: payType });
  }

  /**
   * A 1002 the bank debits and books but whose answer it never gets: by default the request is not
   * sent at all (the BOSS never sees it); `delivered` sends it on a connection of its own and, 50 ms
   * later, resets that connection without reading the answer (a bank giving up after the debit).
   * Either way it is in XJMX.
   */
  async losePayment(custno: string, amount: number, options: { payType?: '1' | '2'; delivered?: boolean } = {}): Promise<LostPayment> {
    const request = this.requests.build('1002', { CUSTNO: custno, AMOUNT: String(amount), PAYTYPE: options.payType ?? '1' });
    const requestFrame = encodeFrame(this.profile.framing, encodeRequest(this.profile, request));
    if (options.delivered) {
      const connection = await this.openConnection();
      await connection.write(requestFrame);
      await sleep(LOST_ANSWER_HOLD_MS);
      await connection.close({ abort: true });
    }
    this.books.record({ request, requestFrame, outcome: 'lost', at: this.clock.now() });
    return { request, requestFrame, delivered: options.delivered ?? false };
  }

  /** 1003 withholding agreement notice (账户代扣通知). */
  agreeWithholding(custno: string, acctno: string, acctname: string): Promise<BankTransaction> {
    return this.transact('1003', { CUSTNO: custno, ACCTNO: acctno, ACCTNAME: acctname });
  }

  /** 1004 cancel withholding (解除账户代扣). */
  cancelWithholding(custno: string, acctno: string): Promise<BankTransaction> {
    return this.transact('1004', { CUSTNO: custno, ACCTNO: acctno });
  }

  /** 1005 delete payment (删除交费): the original's BANKSERIAL, customer and amount. */
  deletePayment(original: { origSerial: string; custno: string; amount: number }): Promise<BankTransaction> {
    return this.transact('1005', { ORIGSERIAL: original.origSerial, CUSTNO: original.custno, AMOUNT: String(original.amount) });
  }

  /** 1006 make-up confirm (补帐确认): a payment the bank has and the BOSS lacks. */
  makeUp(original: { origSerial: string; origDate: string; custno: string; amount: number }): Promise<BankTransaction> {
    return this.transact('1006', { ORIGSERIAL: original.origSerial, ORIGDATE: original.origDate, CUSTNO: original.custno, AMOUNT: String(original.amount) });
  }

  /** 2001 cash total reconciliation; COUNT and TOTAL from the books unless given. */
  cashTotal(options: { chkDate?: string; count?: number; total?: number } = {}): Promise<BankTransaction> {
    const chkDate = options.chkDate ?? this.date;
    const books = this.books.cashTotals(chkDate);
    return this.transact('2001', { CHKDATE: chkDate, COUNT: String(options.count ?? books.count), TOTAL: String(options.total ?? books.total) });
  }

  /** 2002 withholding total reconciliation; COUNT and TOTAL from the books unless given. */
  withholdingTotal(options: { chkDate?: string; count?: number; total?: number } = {}): Promise<BankTransaction> {
    const chkDate = options.chkDate ?? this.date;
    const books = this.books.withholdingTotals(chkDate);
    return this.transact('2002', { CHKDATE: chkDate, COUNT: String(options.count ?? books.count), TOTAL: String(options.total ?? books.total) });
  }

  /** 3001 request invoice (请求票据) for a payment's BOSSSERIAL. */
  requestInvoice(paySerial: string): Promise<BankTransaction> {
    return this.transact('3001', { PAYSERIAL: paySerial });
  }

  /** 3002 print confirm (打印确认). */
  printInvoice(invoiceNo: string): Promise<BankTransaction> {
    return this.transact('3002', { INVOICENO: invoiceNo });
  }

  /** 3003 void invoice (票据作废). */
  voidInvoice(invoiceNo: string, reason: string): Promise<BankTransaction> {
    return this.transact('3003', { INVOICENO: invoiceNo, REASON: reason });
  }

  /** XJMX of `date` (default today) from the books. [§7] */
  cashDetailFile(date = this.date): DailyFile {
    return cashDetailFile(this.books, date);
  }

  /** DKMX of `date` (default today) from the books. [§7] */
  withholdingDetailFile(date = this.date): DailyFile {
    return withholdingDetailFile(this.books, date);
  }

  /**
   * Works a downloaded DK batch (bytes as downloaded, checked by the codec, or already decoded) into
   * the YH results file, booking each debit so that DKMX lists it. [§7]
   */
  withholdingResultFile(dk: DailyFile | NamedFile, weights?: DebitWeights): DailyFile {
    const batch = 'layout' in dk ? dk : decodeDailyFile(this.profile, 'DK', dk.bytes, { fileName: dk.name });
    const run = runWithholding(batch, {
      random: this.random,
      nextSerial: (date) => this.requests.identity.serials.next(date),
      txTime: () => this.requests.now(),
      ...(weights === undefined ? {} : { weights }),
    });
    for (const debit of run.debits) this.books.recordDebit(debit);
    return run.results;
  }

  /** A file's FTP name and bytes (the header is checked against the lines unless `check` is false). */
  encodeFile(file: DailyFile, options: { check?: boolean } = {}): NamedFile {
    return encodeNamedFile(this.profile, file, options);
  }

  async close(): Promise<void> {
    await this.queue;
    const connection = this.shared;
    this.shared = undefined;
    await connection?.close();
  }

  private async exchange(request: BossMessage, given: BankConnection | undefined): Promise<BankTransaction> {
    const body = encodeRequest(this.profile, request);
    const requestFrame = encodeFrame(this.profile.framing, body);
    const connection = given ?? (await this.sharedConnection());
    try {
      const answer = await connection.exchangeBody(body);
      const respCode = answer.message.header[this.profile.response.respCodeField] ?? '';
      const transaction: BankTransaction = {
        request,
        requestFrame,
        answer: answer.message,
        answerFrame: answer.frame,
        respCode,
        ok: respCode === this.profile.roles.success,
        bossSerial: answer.message.header.BOSSSERIAL ?? '',
      };
      this.record({ request, requestFrame, outcome: 'answered', answer: answer.message, answerFrame: answer.frame, at: this.clock.now() });
      return transaction;
    } catch (error) {
      this.record({ request, requestFrame, outcome: 'unanswered', at: this.clock.now() });
      // the stream may be out of step (a late answer would pair with the next request): start afresh
      if (given === undefined) this.dropShared();
      throw error;
    }
  }

  private record(entry: BookEntry): void {
    this.books.record(entry);
  }

  private async sharedConnection(): Promise<BankConnection> {
    if (this.shared === undefined || this.shared.closed) this.shared = await this.openConnection();
    return this.shared;
  }

  private dropShared(): void {
    const connection = this.shared;
    this.shared = undefined;
    void connection?.close({ abort: true });
  }
}
