import type { Evidence } from '../framework/evidence.ts';

/**
 * Writes the bytes a case exchanges to its evidence, except a code: a command that carries one
 * (PRESENT_CODE, CHANGE_CODE) is recorded without its last bytes, and an answer that shows one (the
 * SLE cards' error-counter read returns the PSC once it is presented) without those data bytes. No
 * certificate or report ever holds a customer's PSC, nor a wrong code one bit away from it.
 */
export class RedactingRecorder {
  private sentTail = 0;
  private answerFrom: number | undefined;

  constructor(private readonly evidence: Evidence) {}

  /** The next message recorded as sent loses its last `count` bytes. */
  withholdSentTail(count: number): void {
    this.sentTail = count;
  }

  /** The next answer recorded loses its response data from byte `index` on (the status word stays). */
  withholdAnswerFrom(index: number): void {
    this.answerFrom = index;
  }

  sent(bytes: Uint8Array, label: string): void {
    const count = this.sentTail;
    this.sentTail = 0;
    if (count === 0) this.evidence.sent(bytes, label);
    else this.evidence.sent(bytes.slice(0, -count), `${label}; its last ${count} bytes, a code, are withheld`);
  }

  /** `dataOffset`: where the response APDU starts in `bytes` (10 in a CCID DataBlock, 0 from PC/SC). */
  received(bytes: Uint8Array, dataOffset: number, label: string): void {
    const from = this.answerFrom;
    this.answerFrom = undefined;
    const end = bytes.length - 2;
    if (from === undefined || dataOffset + from >= end) {
      this.evidence.received(bytes, label);
      return;
    }
    const kept = Uint8Array.from([...bytes.slice(0, dataOffset + from), ...bytes.slice(end)]);
    this.evidence.received(kept, `${label}; data bytes ${from}..${end - dataOffset - 1}, a code, are withheld`);
  }
}
