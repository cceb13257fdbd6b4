import { DecodeError } from '../../core/errors.ts';
import { hexByte } from '../../core/hex.ts';
import { ANSWER_TYPE, type PcToRdrType } from '../ccid/constants.ts';
import { decodeAnswer, type CcidAnswer } from '../ccid/message.ts';
import { ReaderProtocolError } from '../errors.ts';

/** What the host sent, to hold the answer against. */
export interface SentCommand {
  readonly type: PcToRdrType;
  readonly slot: number;
  readonly seq: number;
}

/**
 * An answer from before this command: its bSeq lies in the half of the sequence space just behind
 * the expected one. libccid's ReadUSB drops such "duplicate frames" (bSeq lower than the one sent)
 * and reads again; we do the same, wrap-safe, so a late answer to a command that timed out or was
 * aborted does not poison the next exchange.
 */
export function isStaleSeq(got: number, expected: number): boolean {
  const behind = (expected - got + 256) % 256;
  return behind >= 1 && behind <= 127;
}

/** Decodes an answer; bytes that are no CCID answer become a ReaderProtocolError carrying them. */
export function decodeReaderAnswer(bytes: Uint8Array): CcidAnswer {
  try {
    return decodeAnswer(bytes);
  } catch (error) {
    if (error instanceof DecodeError) throw new ReaderProtocolError(error.message, bytes);
    throw error;
  }
}

/**
 * The checks of CCID 1.1 §6.2 once bSeq matches: the answer type belongs to the command
 * (table 6.1-1), and bSlot and bSeq echo the command's.
 */
export function checkAnswer(answer: CcidAnswer, sent: SentCommand, bytes: Uint8Array): void {
  const expectedType = ANSWER_TYPE[sent.type];
  if (answer.type !== expectedType) {
    throw new ReaderProtocolError(
      `answer to ${hexByte(sent.type)} is message type ${hexByte(answer.type)}, CCID 1.1 §6.2 requires ${hexByte(expectedType)}`,
      bytes,
    );
  }
  if (answer.seq !== sent.seq) {
    throw new ReaderProtocolError(`answer bSeq ${hexByte(answer.seq)} does not echo the command's ${hexByte(sent.seq)} (CCID 1.1 §6.2)`, bytes);
  }
  if (answer.slot !== sent.slot) {
    throw new ReaderProtocolError(`answer bSlot ${answer.slot} does not echo the command's slot ${sent.slot} (CCID 1.1 §6.2)`, bytes);
  }
}
