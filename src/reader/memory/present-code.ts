import { toHex } from '../../core/hex.ts';
import { ApduError, splitResponse, type ApduChannel } from '../apdu.ts';
import { CodeLockedError, WrongCodeError, guardPresentation, type PresentOptions } from './code-guard.ts';

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
 * code outright) throws CodeLockedError; any other status ApduError.
 */
export function interpretPresentCode(response: Uint8Array, answer: PresentCodeAnswer): number {
  const { sw1, sw2, sw, data } = splitResponse(response);
  if (sw === 0x6983) throw new CodeLockedError(answer.codeName);
  const left = answer.attemptsLeft(sw2);
  if (sw1 !== 0x90 || data.length !== 0 || left === undefined) {
    throw new ApduError(`${answer.codeName}: PRESENT_CODE answered ${toHex(response)}, expected 90 <error counter>`, response);
  }
  if (sw2 === answer.correct) return left;
  throw new WrongCodeError(answer.codeName, left);
}
