import { hexByte, toHex } from '../../../src/core/hex.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import { checkBytes, fail, inconclusive } from '../../framework/case.ts';
import { attemptsIn, selectApdu, type CodeApdus, type MemoryCardApdus } from '../memory-cards.ts';
import type { CaseSession } from '../session.ts';

/** The steps the memory-card cases are made of: select, read with 90 00, the counter, the code. */

export const OK = Uint8Array.of(0x90, 0x00);

/** Powers the card cold and selects its type: every memory case starts so. */
export async function selected(session: CaseSession): Promise<void> {
  checkBytes(await session.apdu.transmit(selectApdu(session.target.cardType)), OK, `SELECT_CARD_TYPE ${session.target.cardType}`);
}

/** Data of a response that must end in 90 00. */
export async function okData(session: CaseSession, apdu: Uint8Array, what: string): Promise<Uint8Array> {
  const response = await session.apdu.transmit(apdu);
  const { data, sw } = splitResponse(response);
  if (sw !== 0x9000) fail(`${what} (${toHex(apdu)}): status ${toHex(response.slice(-2))}, expected 90 00`);
  return data;
}

export async function readCounter(session: CaseSession, code: CodeApdus): Promise<number> {
  // The SLE cards answer the PSC after the counter once it is presented: the evidence keeps the counter only.
  const response = await session.transmitHidingAnswer(code.readCounter, code.counterIndex + 1);
  const { data, sw } = splitResponse(response);
  if (sw !== 0x9000) fail(`reading the ${code.name} attempts counter (${toHex(code.readCounter)}): status ${toHex(response.slice(-2))}, expected 90 00`);
  const counter = data[code.counterIndex];
  if (counter === undefined) fail(`the counter read answered ${toHex(data)}, no byte ${code.counterIndex}`);
  return counter;
}

export function knownCode(session: CaseSession): Uint8Array {
  return session.target.code ?? fail('the target states no code (--psc), but claims the known-code capability');
}

/**
 * Presents the known code, never at the card's last attempt: with fewer than two attempts left a
 * wrong stated code would lock the card for good, so the case ends inconclusive instead.
 */
export async function presentKnownCode(session: CaseSession, code: CodeApdus): Promise<void> {
  const before = await readCounter(session, code);
  if (attemptsIn(before) < 2) inconclusive(`the ${code.name} counter ${hexByte(before)} shows ${attemptsIn(before)} attempt(s) left; presenting a code now could lock the card`);
  const response = await session.transmitCode(code.present(knownCode(session)), code.length);
  checkBytes(response, Uint8Array.of(0x90, code.fullCounter), `answer to the right ${code.name} (90 + the counter with every attempt back)`);
}

export const withCode = (spec: MemoryCardApdus): CodeApdus => spec.code ?? fail(`no code is defined for the ${spec.type}`);
