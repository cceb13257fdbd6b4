/**
 * The abort handshake of one slot (CCID 1.1 §5.3.1, §6.1.13): the host sends the class request
 * ABORT (bSlot, bSeq) on the control pipe and PC_to_RDR_Abort with the same bSeq on the bulk pipe,
 * in either order. From the control request on, the reader answers the slot's bulk commands with
 * CMD_ABORTED until the matching bulk Abort arrives; a bulk Abort that comes first waits for its
 * control request. Only the pair ends the abort.
 */
export class AbortHandshake {
  private controlSeq: number | undefined;
  private requests = 0;
  private waitingBulk: { readonly seq: number; readonly resolve: () => void; readonly reject: (error: Error) => void } | undefined;

  /** The control request ABORT arrived for bSeq `seq`. */
  control(seq: number): void {
    this.requests++;
    const waiting = this.waitingBulk;
    if (waiting && waiting.seq === seq) {
      // The pair is complete; an earlier unpaired control request is superseded by this one.
      this.waitingBulk = undefined;
      this.controlSeq = undefined;
      waiting.resolve();
      return;
    }
    this.controlSeq = seq;
  }

  /** True between a control ABORT and its bulk Abort: the slot's commands are answered CMD_ABORTED. */
  get aborting(): boolean {
    return this.controlSeq !== undefined;
  }

  /** Counts control requests, so a running command can tell it was aborted meanwhile. */
  get generation(): number {
    return this.requests;
  }

  /** True while a bulk Abort waits for its control request. */
  get bulkWaiting(): boolean {
    return this.waitingBulk !== undefined;
  }

  /** The bulk Abort with bSeq `seq`: resolves once the control request with the same bSeq has come. */
  bulk(seq: number): Promise<void> {
    if (this.controlSeq === seq) {
      this.controlSeq = undefined;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waitingBulk = { seq, resolve, reject };
    });
  }

  /** The link is gone: a waiting bulk Abort fails with `error`. */
  fail(error: Error): void {
    const waiting = this.waitingBulk;
    this.waitingBulk = undefined;
    waiting?.reject(error);
  }
}
