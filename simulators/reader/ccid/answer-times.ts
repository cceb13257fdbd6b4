import { COMMAND_STATUS } from '../../../src/reader/ccid/constants.ts';

/** One RDR_to_PC message with the emulator-clock time it leaves the reader. */
export interface TimedAnswer {
  readonly bytes: Uint8Array;
  /** Emulator-clock milliseconds. */
  readonly at: number;
}

/** bmCommandStatus is bits 7..6 of bStatus, header byte 7 (CCID 1.1 §6.2.6). */
const isTimeExtension = (answer: Uint8Array): boolean => (answer[7] ?? 0) >> 6 === COMMAND_STATUS.timeExtension;

/**
 * When each answer of one command leaves the reader. A time extension is sent while the card
 * works, each `extensionEveryMs` after the one before (CCID 1.1 §6.2.6; libccid's CCID_Receive reads
 * again after each one, with the timeout multiplied by its bError): the i-th (from 0) at
 * `sentAt + (i + 1) × extensionEveryMs`. Any other answer leaves when the command is done
 * (`doneAt`, which includes a delay fault), and never before a time extension sent ahead of it:
 * a chip's busy time that the clock did not see (a card model without timing) still counts.
 */
export function answerTimes(answers: readonly Uint8Array[], sentAt: number, doneAt: number, extensionEveryMs: number): TimedAnswer[] {
  let extensions = 0;
  let latest = sentAt;
  return answers.map((bytes) => {
    if (isTimeExtension(bytes)) {
      extensions += 1;
      latest = Math.max(latest, sentAt + extensions * extensionEveryMs);
      return { bytes, at: latest };
    }
    latest = Math.max(latest, doneAt);
    return { bytes, at: latest };
  });
}
