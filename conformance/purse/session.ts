import { check, checkBytes, checkEqual, fail, type CaseContext } from '../framework/case.ts';
import type { Evidence } from '../framework/evidence.ts';
import { commandApdu, type ApduChannel, type ResponseApdu } from '../../src/reader/apdu.ts';
import { exchange } from '../../src/reader/exchange.ts';
import { parseHex } from '../../src/core/hex.ts';
import { applicationP2, INS, initializeData, loadType, parseLoadInit, parsePurchaseInit, PURSE_SW, purchaseType, readUint, type LoadInit, type PurchaseInit } from './apdus.ts';
import { hostTime, loadMac1, loadMac2, loadTac, purchaseMac1, purchaseMac2, purchaseTac, type HostTime, type LoadTerms } from './crypto.ts';
import type { PurseTarget } from './target.ts';

/** The terminal number the suite names in INITIALIZE (6 bytes). */
export const SUITE_TERMINAL = parseHex('201611230001');
/** The host date and time the suite sends in CREDIT and DEBIT. */
export const SUITE_TIME: HostTime = hostTime('20261123', '181500');

const swText = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** Every APDU that crosses, GET RESPONSE included, goes into the evidence. */
class RecordingChannel implements ApduChannel {
  constructor(
    private readonly target: PurseTarget,
    private readonly evidence: Evidence,
  ) {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.evidence.sent(command);
    const response = await this.target.card.transmit(command);
    this.evidence.received(response);
    return response;
  }
}

/**
 * A case's conversation with the purse card over its APDU channel: power on, SELECT the purse by
 * AID, then the purse commands, each checked as docs/purse/card-application.md says. The T=0
 * transport (61xx, GET RESPONSE, 6Cxx) is handled by `exchange` [ISO/IEC 7816-3 §10.3.4].
 */
export class PurseSession {
  readonly channel: ApduChannel;

  constructor(readonly context: CaseContext<PurseTarget>) {
    this.channel = new RecordingChannel(context.target, context.evidence);
  }

  get keys() {
    return this.context.target.keys;
  }

  /** Cold reset and SELECT of the purse DF by its AID. [ISO/IEC 7816-4 §11.2.2] */
  async start(): Promise<Uint8Array> {
    const atr = await this.context.target.card.powerOn();
    this.context.evidence.received(atr, 'ATR');
    check(atr.length >= 2 && (atr[0] === 0x3b || atr[0] === 0x3f), `ATR ${Buffer.from(atr).toString('hex')} does not start with TS 3B or 3F`);
    const selected = await this.command(commandApdu(0x00, 0xa4, 0x04, 0x00, this.keys.aid, 0x00), 'SELECT the purse by AID');
    this.expect(selected, PURSE_SW.ok, 'SELECT the purse by AID');
    return atr;
  }

  async command(apdu: Uint8Array, what: string): Promise<ResponseApdu> {
    this.context.evidence.note(what);
    return exchange(this.channel, apdu);
  }

  /** A purse command with data and an answer (case 4): Le 00 under T=1; under T=0 no Le, the answer comes by GET RESPONSE. */
  purse(ins: number, p1: number, p2: number, data: Uint8Array, what: string): Promise<ResponseApdu> {
    const le = this.context.target.card.protocol === 'T=1' ? 0x00 : undefined;
    return this.command(commandApdu(0x80, ins, p1, p2, data, le), what);
  }

  expect(response: ResponseApdu, sw: number, what: string): Uint8Array {
    if (response.sw !== sw) fail(`${what}: status word ${swText(response.sw)}, expected ${swText(sw)}`);
    return response.data;
  }

  /** GET BALANCE `80 5C 00 P2 04`. */
  async balance(): Promise<number> {
    const data = this.expect(await this.command(commandApdu(0x80, INS.getBalance, 0x00, applicationP2(this.keys), undefined, 0x04), 'GET BALANCE'), PURSE_SW.ok, 'GET BALANCE');
    checkEqual(data.length, 4, 'GET BALANCE: bytes of balance');
    return readUint(data);
  }

  loadTerms(amount: number): LoadTerms {
    return { amount, type: loadType(this.keys), terminal: SUITE_TERMINAL };
  }

  purchaseTerms(amount: number): LoadTerms {
    return { amount, type: purchaseType(this.keys), terminal: SUITE_TERMINAL };
  }

  initializeForLoad(amount: number, keyIndex = this.keys.loadKeyIndex): Promise<ResponseApdu> {
    return this.purse(INS.initialize, 0x00, applicationP2(this.keys), initializeData(keyIndex, amount, SUITE_TERMINAL), `INITIALIZE FOR LOAD of ${amount} fen`);
  }

  /** INITIALIZE FOR LOAD, its answer's length and MAC1 checked against the card's load key. */
  async checkedInitializeForLoad(amount: number): Promise<LoadInit> {
    const data = this.expect(await this.initializeForLoad(amount), PURSE_SW.ok, 'INITIALIZE FOR LOAD');
    checkEqual(data.length, 16, 'INITIALIZE FOR LOAD: bytes of answer');
    const init = parseLoadInit(data);
    checkBytes(init.mac1, loadMac1(this.keys, init, this.loadTerms(amount)), 'INITIALIZE FOR LOAD: MAC1');
    return init;
  }

  credit(mac2: Uint8Array, at = SUITE_TIME): Promise<ResponseApdu> {
    return this.purse(INS.credit, 0x00, 0x00, Uint8Array.from([...at.date, ...at.time, ...mac2]), 'CREDIT FOR LOAD');
  }

  /** A whole load: MAC1 checked, MAC2 computed by the suite, the TAC checked; the balance before and the init. */
  async load(amount: number): Promise<{ init: LoadInit; tac: Uint8Array; mac2: Uint8Array }> {
    const init = await this.checkedInitializeForLoad(amount);
    const terms = this.loadTerms(amount);
    const mac2 = loadMac2(this.keys, init, terms, SUITE_TIME);
    const tac = this.expect(await this.credit(mac2), PURSE_SW.ok, 'CREDIT FOR LOAD with the right MAC2');
    checkBytes(tac, loadTac(this.keys, init, terms, SUITE_TIME), 'CREDIT FOR LOAD: TAC');
    return { init, tac, mac2 };
  }

  initializeForPurchase(amount: number, keyIndex = this.keys.purchaseKeyIndex): Promise<ResponseApdu> {
    return this.purse(INS.initialize, 0x01, applicationP2(this.keys), initializeData(keyIndex, amount, SUITE_TERMINAL), `INITIALIZE FOR PURCHASE of ${amount} fen`);
  }

  async checkedInitializeForPurchase(amount: number): Promise<PurchaseInit> {
    const data = this.expect(await this.initializeForPurchase(amount), PURSE_SW.ok, 'INITIALIZE FOR PURCHASE');
    checkEqual(data.length, 15, 'INITIALIZE FOR PURCHASE: bytes of answer');
    return parsePurchaseInit(data);
  }

  debit(terminalSeq: Uint8Array, mac1: Uint8Array, at = SUITE_TIME): Promise<ResponseApdu> {
    return this.purse(INS.debit, 0x01, 0x00, Uint8Array.from([...terminalSeq, ...at.date, ...at.time, ...mac1]), 'DEBIT FOR PURCHASE');
  }

  /** MAC1 for a DEBIT after `init`, as the PSAM computes it. */
  purchaseMac1(init: PurchaseInit, amount: number, terminalSeq: Uint8Array): Uint8Array {
    return purchaseMac1(this.keys, init, this.purchaseTerms(amount), terminalSeq, SUITE_TIME);
  }

  /** Checks a DEBIT's answer TAC ‖ MAC2 against the card's keys; returns them. */
  checkDebitAnswer(data: Uint8Array, init: PurchaseInit, amount: number, terminalSeq: Uint8Array): { tac: Uint8Array; mac2: Uint8Array } {
    checkEqual(data.length, 8, 'DEBIT FOR PURCHASE: bytes of answer');
    const tac = data.slice(0, 4);
    const mac2 = data.slice(4, 8);
    const terms = this.purchaseTerms(amount);
    checkBytes(mac2, purchaseMac2(this.keys, init, terms, terminalSeq), 'DEBIT FOR PURCHASE: MAC2');
    checkBytes(tac, purchaseTac(this.keys, terms, terminalSeq, SUITE_TIME), 'DEBIT FOR PURCHASE: TAC');
    return { tac, mac2 };
  }

  /** The MAC2 a DEBIT after `init` answers. */
  purchaseMac2Of(init: PurchaseInit, amount: number, terminalSeq: Uint8Array): Uint8Array {
    return purchaseMac2(this.keys, init, this.purchaseTerms(amount), terminalSeq);
  }

  /** The TAC of a purchase. */
  purchaseTacOf(amount: number, terminalSeq: Uint8Array): Uint8Array {
    return purchaseTac(this.keys, this.purchaseTerms(amount), terminalSeq, SUITE_TIME);
  }

  /** A whole purchase, MAC1 computed by the suite, MAC2 and TAC checked. */
  async purchase(amount: number, terminalSeq: Uint8Array): Promise<{ init: PurchaseInit; tac: Uint8Array; mac2: Uint8Array }> {
    const init = await this.checkedInitializeForPurchase(amount);
    const data = this.expect(await this.debit(terminalSeq, this.purchaseMac1(init, amount, terminalSeq)), PURSE_SW.ok, 'DEBIT FOR PURCHASE with the right MAC1');
    return { init, ...this.checkDebitAnswer(data, init, amount, terminalSeq) };
  }

  /** Loads enough that a purchase of `amount` can go through. */
  async ensureFunds(amount: number): Promise<void> {
    const balance = await this.balance();
    if (balance < amount) await this.load(amount - balance);
  }

  /** GET TRANSACTION PROVE `80 5A 00 type 02 seq`. */
  prove(type: number, seq: number): Promise<ResponseApdu> {
    return this.purse(INS.prove, 0x00, type, Uint8Array.of(seq >> 8, seq & 0xff), `GET TRANSACTION PROVE of type ${type} seq ${seq}`);
  }

  /** The sequence number GET TRANSACTION PROVE takes for a transaction INITIALIZE gave `seq` to. */
  proveSeq(seq: Uint8Array): number {
    return readUint(seq) + (this.keys.proveSequence === 'next' ? 1 : 0);
  }

  /** READ RECORD `00 B2 n (SFI << 3 | 4) 17` of the transaction log. [ISO/IEC 7816-4 §11.3.3] */
  async logRecord(n: number): Promise<Uint8Array> {
    const response = await this.command(commandApdu(0x00, 0xb2, n, (this.keys.logSfi << 3) | 0x04, undefined, 23), `READ RECORD ${n} of the transaction log`);
    const data = this.expect(response, PURSE_SW.ok, `READ RECORD ${n}`);
    checkEqual(data.length, 23, `READ RECORD ${n}: bytes`);
    return data;
  }
}

/** A session on a freshly powered card with the purse selected. */
export async function withPurse(context: CaseContext<PurseTarget>, body: (session: PurseSession) => Promise<void>): Promise<void> {
  const session = new PurseSession(context);
  await session.start();
  await body(session);
}
