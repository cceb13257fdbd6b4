import type { BossMessage } from '../../src/boss/codec/message.ts';
import { check, checkEqual, fail } from '../framework/case.ts';
import type { Sent } from './session.ts';

/** What an answer must echo; false when the request had no readable value to echo. */
export interface EchoExpectation {
  readonly txcode?: string | false;
  readonly bankSerial?: string | false;
}

/**
 * The checks every answer gets: TXCODE and BANKSERIAL echoed, RESPCODE as expected (its RESPMSG
 * shown when not), header formats and "transaction fields only with 0000" (both checked when the
 * link decoded it). Returns the decoded answer. [bank-interface §3, §6]
 */
export function expectCode(sent: Sent, respCode: string, what: string, echo: EchoExpectation = {}): BossMessage {
  expectCodeIn(sent, [respCode], what, echo);
  return sent.answer.message;
}

/**
 * As expectCode, where the contract allows more than one RESPCODE (a value §2 calls well-formed and
 * §4 out of range: 1002 or 2003); returns the one received, for the evidence.
 */
export function expectCodeIn(sent: Sent, respCodes: readonly string[], what: string, echo: EchoExpectation = {}): string {
  const answer = sent.answer.message;
  const code = answer.header.RESPCODE ?? '';
  if (!respCodes.includes(code)) {
    fail(`${what}: expected RESPCODE ${respCodes.join(' or ')}, got ${code} "${answer.header.RESPMSG ?? ''}" [bank-interface §6]`);
  }
  const txcode = echo.txcode ?? sent.request.txcode;
  if (txcode !== false) checkEqual(answer.txcode, txcode, `${what}: TXCODE echoed [bank-interface §3]`);
  const serial = echo.bankSerial ?? sent.request.header.BANKSERIAL ?? '';
  if (serial !== false) checkEqual(answer.header.BANKSERIAL ?? '', serial, `${what}: BANKSERIAL echoed [bank-interface §3]`);
  return code;
}

/** A 0000 answer; its transaction fields then decoded by the profile. */
export function expectSuccess(sent: Sent, what: string): BossMessage {
  return expectCode(sent, '0000', what);
}

/** A response field of a 0000 answer (the profile's decoder made sure it is there). */
export function field(answer: BossMessage, name: string): string {
  const value = answer.fields[name];
  if (value === undefined) fail(`answer has no ${name}`);
  return value;
}

/** An amount, count or balance field as a number (at most 12 digits: exact in a JS number). */
export function numberField(answer: BossMessage, name: string): number {
  return Number(field(answer, name));
}

/** A response field that must repeat the request's value. */
export function checkEchoed(answer: BossMessage, name: string, expected: string, what: string): void {
  checkEqual(field(answer, name), expected, `${what}: ${name} [bank-interface §4]`);
}

/** BOSSSERIAL of an answer that created or found a record: not empty. [§3] */
export function bossSerialOf(answer: BossMessage, what: string): string {
  const serial = answer.header.BOSSSERIAL ?? '';
  check(serial.length > 0, `${what}: BOSSSERIAL is empty, but the answer names a record created or found [bank-interface §3]`);
  return serial;
}
