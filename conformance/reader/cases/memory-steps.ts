import { hexByte, toHex } from '../../../src/core/hex.ts';
import { splitResponse } from '../../../src/reader/apdu.ts';
import { checkBytes, fail, inconclusive } from '../../framework/case.ts';
import { attemptsIn, selectApdu, type CodeApdus, type MemoryCardApdus } from '../memory-cards.ts';
import type { CaseSession } from '../session.ts';
import type { ReaderTarget } from '../target.ts';

/** The steps the memory-card cases are made of: select, read with 90 00, the counter, the code, restores. */

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
 * Targets whose card refused the stated code, with what it answered. A wrong stated code costs an
 * attempt each time it is presented (an SLE4442 has three), so once one case has seen it refused no
 * later case presents it again: they end inconclusive.
 */
const refusedCodes = new WeakMap<ReaderTarget, string>();

/** Whether an earlier case found the stated code wrong on this target (what the card answered), else undefined. */
export function statedCodeRefusal(target: ReaderTarget): string | undefined {
  return refusedCodes.get(target);
}

/**
 * Presents the stated code, never at the card's last attempt: with fewer than two attempts left a
 * wrong stated code would lock the card for good, so the case ends inconclusive instead. The answer
 * must be `90 <full counter>`; `90` with the counter one attempt down means the stated code is wrong:
 * the case ends inconclusive and later cases present it no more. Any other answer fails the reader.
 */
export async function presentStatedCode(session: CaseSession, code: CodeApdus): Promise<void> {
  const refusal = statedCodeRefusal(session.target);
  if (refusal !== undefined) inconclusive(`the stated ${code.name} is wrong (${refusal}); no case presents it again`);
  const before = await readCounter(session, code);
  if (attemptsIn(before) < 2) inconclusive(`the ${code.name} counter ${hexByte(before)} shows ${attemptsIn(before)} attempt(s) left; presenting a code now could lock the card`);
  const response = await session.transmitCode(code.present(knownCode(session)), code.length);
  const full = Uint8Array.of(0x90, code.fullCounter);
  if (response.length === 2 && response[0] === 0x90 && response[1] !== code.fullCounter) {
    const after = response[1]!;
    if ((after & ~before) === 0 && attemptsIn(after) === attemptsIn(before) - 1) {
      const answer = `the card answered ${toHex(response)} to it, ${attemptsIn(after)} attempt(s) left`;
      refusedCodes.set(session.target, answer);
      session.evidence.note(`the stated ${code.name} is wrong: ${answer}; the right code would restore the attempt`);
      inconclusive(`the stated code is wrong: ${answer}; check --psc (no case presents it again in this run)`);
    }
  }
  checkBytes(response, full, `answer to the stated ${code.name} (90 + the counter with every attempt back; 90 + one attempt fewer would say the code is wrong)`);
}

export const withCode = (spec: MemoryCardApdus): CodeApdus => spec.code ?? fail(`no code is defined for the ${spec.type}`);

/**
 * Puts back what a case changed, whatever the case body did: it runs from a `finally`, so it must
 * not throw over the body's verdict. When the restore is not answered 90 00 (or throws), the
 * evidence says exactly what state the card is left in; `left` is asked only then.
 */
export async function restoreOrNote(session: CaseSession, what: string, restore: () => Promise<Uint8Array>, left: () => Promise<string>): Promise<void> {
  let problem: string;
  try {
    const response = await restore();
    if (response.length === 2 && response[0] === 0x90 && response[1] === 0x00) {
      session.evidence.note(`restored after the case stopped: ${what} answered 90 00`);
      return;
    }
    problem = `${what} answered ${toHex(response)}`;
  } catch (error) {
    problem = `${what} failed (${error instanceof Error ? error.message : String(error)})`;
  }
  let state: string;
  try {
    state = await left();
  } catch (error) {
    state = `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
  session.evidence.note(`NOT RESTORED: ${problem}; the card is left so: ${state}`);
}

/** What a byte holds now, for a note on a restore that did not happen; never throws. */
export async function byteState(session: CaseSession, read: Uint8Array, at: number, original: number): Promise<string> {
  try {
    const { data, sw } = splitResponse(await session.apdu.transmit(read));
    if (sw === 0x9000 && data[0] !== undefined) return `byte ${hexByte(at)} reads ${hexByte(data[0])} (it held ${hexByte(original)} before the case)`;
  } catch {
    // The reader is not answering: say what the byte held, not what it holds.
  }
  return `byte ${hexByte(at)} could not be read back; it held ${hexByte(original)} before the case`;
}
