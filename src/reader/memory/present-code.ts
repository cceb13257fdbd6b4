import { InputError } from '../../core/errors.ts';
import { toHex } from '../../core/hex.ts';
import { ApduError, commandApdu, splitResponse, type ApduChannel } from '../apdu.ts';
import { ACS_CLA, SW } from './acs-pseudo-apdu.ts';
import { readErrorCounter, type ErrorCounterLayout } from './error-counter.ts';
import { expectWritten } from './transfer.ts';
import { ReaderCodeLockedError, WrongCodeError, guardPresentation, type PresentOptions } from './code-guard.ts';

export interface GuardedPresentation {
  readonly codeName: string;
  /** What the card's counter says now, read just before. */
  readonly attemptsLeft: number;
  readonly command: Uint8Array;
  readonly options: PresentOptions;
}

/** Sends PRESENT_CODE only when guardPresentation lets it through; nothing reaches the card otherwise. */
export async function presentGuarded(channel: ApduChannel, presentation: GuardedPresentation): Promise<Uint8Array> {
  guardPresentation(presentation.codeName, presentation.attemptsLeft, presentation.options);
  return channel.transmit(presentation.command);
}

export interface PresentCodeAnswer {
  readonly codeName: string;
  /** SW2 of a correct presentation: the full counter. */
  readonly correct: number;
  /** Attempts a counter value leaves; undefined when the card cannot show that value. */
  readonly attemptsLeft: (errorCounter: number) => number | undefined;
}

/**
 * `90 EC` [ACR38x §9.3.5.7, §9.3.6.7]: EC = the full counter means correct; otherwise the code was
 * wrong and EC tells the attempts left (00: it was the last). 69 83 (a reader that refuses a locked
 * code outright) throws ReaderCodeLockedError; any other status ApduError.
 */
export function interpretPresentCode(response: Uint8Array, answer: PresentCodeAnswer): number {
  const { sw1, sw2, sw, data } = splitResponse(response);
  if (sw === SW.codeLocked) throw new ReaderCodeLockedError(answer.codeName);
  const left = answer.attemptsLeft(sw2);
  if (sw1 !== 0x90 || data.length !== 0 || left === undefined) {
    throw new ApduError(`${answer.codeName}: PRESENT_CODE answered ${toHex(response)}, expected 90 <error counter>`, response);
  }
  if (sw2 === answer.correct) return left;
  throw new WrongCodeError(answer.codeName, left);
}

/** An SLE4442 or SLE4428: what PRESENT_CODE and CHANGE_CODE of its PSC need to know. */
export interface SlePscCard {
  /** 'SLE4442': names the card in messages. */
  readonly part: string;
  readonly pscLength: number;
  /** READ_PRESENTATION_ERROR_COUNTER's answer; a full counter (`maxCounter`) is what a correct PSC leaves. */
  readonly errorCounter: ErrorCounterLayout;
  /** CHANGE_CODE as the card's manual names it, for messages. */
  readonly changeCommand: string;
}

/**
 * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 Lc psc` [ACR38x §9.3.5.7, §9.3.6.7]. Reads the counter first
 * and sends nothing at 0 attempts (ReaderCodeLockedError) or at 1 without `insist`
 * (LastAttemptRefusedError). Returns the attempts left; throws WrongCodeError on a wrong PSC.
 */
export async function presentSlePsc(channel: ApduChannel, card: SlePscCard, psc: Uint8Array, options: PresentOptions = {}): Promise<number> {
  if (psc.length !== card.pscLength) throw new InputError('PSC', `the ${card.part} PSC is ${card.pscLength} bytes, got ${psc.length}: ${toHex(psc)}`);
  const codeName = `${card.part} PSC`;
  const { maxCounter, attemptsLeft } = card.errorCounter;
  const response = await presentGuarded(channel, {
    codeName,
    attemptsLeft: (await readErrorCounter(channel, card.errorCounter)).attemptsLeft,
    command: commandApdu(ACS_CLA, 0x20, 0, 0, psc),
    options,
  });
  return interpretPresentCode(response, { codeName, correct: maxCounter, attemptsLeft: (ec) => (ec <= maxCounter ? attemptsLeft(ec) : undefined) });
}

/** CHANGE_CODE `FF D2 00 01 Lc psc` [ACR38x §9.3.6.8]; the current PSC must have been presented in this session. */
export async function changeSlePsc(channel: ApduChannel, card: SlePscCard, newPsc: Uint8Array): Promise<void> {
  if (newPsc.length !== card.pscLength) {
    throw new InputError('new PSC', `the ${card.part} PSC is ${card.pscLength} bytes, got ${newPsc.length}: ${toHex(newPsc)}`);
  }
  expectWritten(await channel.transmit(commandApdu(ACS_CLA, 0xd2, 0, 1, newPsc)), card.changeCommand);
}
