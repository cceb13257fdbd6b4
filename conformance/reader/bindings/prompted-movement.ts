import type { Clock } from '../../../src/core/clock.ts';
import { inconclusive } from '../../framework/case.ts';
import { CCID_HEADER_LENGTH, ICC_STATUS, PC_TO_RDR, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { encodeCcid } from '../../../src/reader/ccid/message.ts';
import { ReaderTimeoutError } from '../../../src/reader/errors.ts';
import type { CcidPort } from '../../../src/reader/transport/ccid-port.ts';
import type { CardMovement, SequenceCounter } from '../target.ts';

/** How `stbpay certify --interactive` talks to the person at the reader. */
export interface Prompter {
  /** Shows one instruction (the CLI writes it to stderr). */
  prompt(text: string): void;
}

/** How long a person gets to move the card, and how often the slot is asked meanwhile. */
export const MOVEMENT_WAIT_MS = 30_000;
const POLL_INTERVAL_MS = 250;

/**
 * Card movement by a person: prompts "remove the card" / "insert the card", then asks the slot
 * with GetSlotStatus (CCID 1.1 §6.1.3, on the shared bSeq counter) until bmICCStatus shows the card
 * gone (2) or back (0 or 1), for up to 30 s. The polls are not in the case's evidence: only what
 * the case itself then sends and receives is. No answer in time ends the case inconclusive.
 */
export function promptedMovement(port: CcidPort, sequence: SequenceCounter, prompter: Prompter, clock: Clock, answerTimeoutMs: number): CardMovement {
  const iccStatus = async (slot: number): Promise<number | undefined> => {
    const seq = sequence.next;
    sequence.next = (seq + 1) & 0xff;
    await port.send(encodeCcid({ type: PC_TO_RDR.GetSlotStatus, slot, seq, specific: [0, 0, 0], data: new Uint8Array(0) }));
    for (;;) {
      let answer: Uint8Array;
      try {
        answer = await port.receive(answerTimeoutMs);
      } catch (error) {
        if (error instanceof ReaderTimeoutError) return undefined;
        throw error;
      }
      // An answer to an earlier command is skipped: only this poll's answer tells the slot's state.
      if (answer.length >= CCID_HEADER_LENGTH && answer[0] === RDR_TO_PC.SlotStatus && answer[6] === seq) return (answer[7] ?? 0) & 0x03;
    }
  };
  const waitFor = async (slot: number, instruction: string, done: (status: number) => boolean): Promise<void> => {
    prompter.prompt(`stbpay: ${instruction} (waiting up to ${MOVEMENT_WAIT_MS / 1000} s)\n`);
    const deadline = clock.now() + MOVEMENT_WAIT_MS;
    for (;;) {
      const status = await iccStatus(slot);
      if (status !== undefined && done(status)) return;
      if (clock.now() >= deadline) inconclusive(`nobody moved the card in ${MOVEMENT_WAIT_MS / 1000} s: "${instruction}" was not done`);
      await clock.sleep(POLL_INTERVAL_MS);
    }
  };
  return {
    remove: (slot) => waitFor(slot, `remove the card from slot ${slot}`, (status) => status === ICC_STATUS.absent),
    insert: (slot) => waitFor(slot, `insert the card into slot ${slot}`, (status) => status !== ICC_STATUS.absent),
  };
}
