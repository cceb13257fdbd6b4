import { bytesEqual } from '../../../../src/core/hex.ts';
import type { ExchangeRow, LedgerSnapshot, PaymentRow } from './ledger.ts';
import { describeRequest, keyOf, requestKey, type SentRequest } from './sent.ts';

const SUCCESS = '0000';
/** Answers the BOSS does not store [docs/boss/ledger.md, decisions]: bank checks, malformed, reused serial, 9999. */
const NOT_STORED = new Set(['1001', '1002', '1003', '1005', '9999']);
const LENGTH_DIGITS = 6;

/** A request applied to the ledger: answered 0000, or unanswered but committed (its exchange says 0000). */
interface Applied {
  readonly request: SentRequest;
  readonly bossSerial: string;
}

/**
 * [bank-interface §5] After any crash: every request answered 0000 is in the ledger exactly once,
 * nothing else is, and an unanswered request is either wholly applied (its exchange, its effect) or
 * not at all. Compares what the bank sent with the ledger:
 * - payments = the keys of applied 1002s ∪ the (ORIGDATE, ORIGSERIAL) of applied 1006s, each once,
 *   with the CUSTNO, AMOUNT and BOSSSERIAL answered;
 * - reversals = the applied 1005s, each reversing the payment its ORIGSERIAL names;
 * - exchanges: each sent request's stored body is the one written, each stored answer the one
 *   received; no 0000 exchange for a request the bank did not send.
 * Returns one line per problem, naming the request and its frame.
 */
export function exactlyOnceProblems(sent: readonly SentRequest[], ledger: LedgerSnapshot): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, SentRequest>();
  for (const request of sent) {
    if (byKey.has(requestKey(request))) problems.push(`the test sent one key twice: ${describeRequest(request)}`);
    byKey.set(requestKey(request), request);
  }

  const applied: Applied[] = [];
  for (const request of sent) {
    const exchange = ledger.exchanges.get(requestKey(request));
    problems.push(...exchangeProblems(request, exchange));
    const { outcome } = request;
    if (outcome.kind === 'answered' && outcome.respCode === SUCCESS) applied.push({ request, bossSerial: outcome.bossSerial });
    if (outcome.kind === 'unanswered' && exchange?.respcode === SUCCESS) applied.push({ request, bossSerial: exchange.bossserial });
  }
  for (const exchange of ledger.exchanges.values()) {
    if (exchange.respcode === SUCCESS && !byKey.has(exchange.key)) problems.push(`exchange ${exchange.key} ${exchange.txcode} answered 0000 for a request the bank never sent`);
  }
  problems.push(...paymentProblems(applied, ledger, byKey));
  problems.push(...reversalProblems(applied, ledger));
  return problems;
}

function exchangeProblems(request: SentRequest, exchange: ExchangeRow | undefined): string[] {
  const { outcome } = request;
  if (exchange === undefined) {
    const mustBeStored = outcome.kind === 'answered' && !NOT_STORED.has(outcome.respCode);
    return mustBeStored ? [`answered but no exchange stored: ${describeRequest(request)}`] : [];
  }
  const problems: string[] = [];
  if (exchange.txcode !== request.txcode) problems.push(`exchange holds TXCODE ${exchange.txcode}: ${describeRequest(request)}`);
  if (!bytesEqual(exchange.request, request.frame.subarray(LENGTH_DIGITS))) {
    problems.push(`exchange holds another request body ${JSON.stringify(Buffer.from(exchange.request).toString('latin1'))}: ${describeRequest(request)}`);
  }
  if (outcome.kind === 'answered' && !NOT_STORED.has(outcome.respCode)) {
    if (exchange.respcode !== outcome.respCode || exchange.bossserial !== outcome.bossSerial) {
      problems.push(`exchange holds ${exchange.respcode} ${exchange.bossserial}: ${describeRequest(request)}`);
    }
    if (outcome.answer && !bytesEqual(exchange.response, outcome.answer)) {
      problems.push(`exchange holds another answer ${JSON.stringify(Buffer.from(exchange.response).toString('latin1'))}: ${describeRequest(request)}`);
    }
  }
  return problems;
}

/** The payment key a request posts to (1002: its own; 1006: ORIGDATE + ORIGSERIAL), else undefined. */
export function postedKey(request: SentRequest): string | undefined {
  if (request.txcode === '1002') return requestKey(request);
  if (request.txcode === '1006') return keyOf(request.bankcode, request.fields.ORIGDATE ?? '', request.fields.ORIGSERIAL ?? '');
  return undefined;
}

function paymentProblems(applied: readonly Applied[], ledger: LedgerSnapshot, byKey: ReadonlyMap<string, SentRequest>): string[] {
  const problems: string[] = [];
  const actual = new Map<string, PaymentRow>();
  for (const payment of ledger.payments) actual.set(keyOf(payment.bankcode, payment.txdate, payment.bankserial), payment);
  const expected = new Set<string>();
  for (const { request, bossSerial } of applied) {
    const key = postedKey(request);
    if (key === undefined) continue;
    expected.add(key);
    const payment = actual.get(key);
    if (!payment) {
      problems.push(`applied, but no payment ${key} in the ledger: ${describeRequest(request)}`);
      continue;
    }
    if (payment.custno !== request.fields.CUSTNO || payment.amount !== Number(request.fields.AMOUNT) || payment.bossserial !== bossSerial) {
      problems.push(`payment ${key} is ${payment.custno} ${payment.amount} ${payment.bossserial}, answered ${bossSerial}: ${describeRequest(request)}`);
    }
  }
  for (const [key, payment] of actual) {
    if (expected.has(key)) continue;
    const sentWithKey = byKey.get(key);
    problems.push(`payment ${key} ${payment.bossserial} (${payment.channel} ${payment.custno} ${payment.amount}) has no applied request${sentWithKey ? `; sent: ${describeRequest(sentWithKey)}` : ''}`);
  }
  return problems;
}

function reversalProblems(applied: readonly Applied[], ledger: LedgerSnapshot): string[] {
  const problems: string[] = [];
  const actual = new Map(ledger.reversals.map((r) => [keyOf(r.bankcode, r.txdate, r.bankserial), r]));
  const expected = new Set<string>();
  const reversedPayments = new Set<string>();
  for (const { request, bossSerial } of applied) {
    if (request.txcode !== '1005') continue;
    const key = requestKey(request);
    const target = keyOf(request.bankcode, request.txDate, request.fields.ORIGSERIAL ?? '');
    expected.add(key);
    reversedPayments.add(target);
    const reversal = actual.get(key);
    if (!reversal) problems.push(`applied, but no reversal in the ledger: ${describeRequest(request)}`);
    else if (reversal.reversalserial !== bossSerial || reversal.paymentKey !== target) {
      problems.push(`reversal ${reversal.reversalserial} of ${reversal.paymentKey}, answered ${bossSerial} for ${target}: ${describeRequest(request)}`);
    }
  }
  for (const [key, reversal] of actual) {
    if (!expected.has(key)) problems.push(`reversal ${reversal.reversalserial} by ${key} of ${reversal.paymentKey} has no applied 1005`);
  }
  for (const payment of ledger.payments) {
    const key = keyOf(payment.bankcode, payment.txdate, payment.bankserial);
    if ((payment.status === 'reversed') !== reversedPayments.has(key)) {
      problems.push(`payment ${key} ${payment.bossserial} is ${payment.status}, ${reversedPayments.has(key) ? 'but an applied 1005 reversed it' : 'but no applied 1005 names it'}`);
    }
  }
  return problems;
}
