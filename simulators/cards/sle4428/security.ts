import { ERROR_COUNTER_ADDRESS, PSC_ADDRESS } from '../../../src/cards/sle4428/commands.ts';

/**
 * The volatile half of the PSC logic (the counter and the PSC themselves are memory bytes).
 *
 * The procedure [ACR38 §9.3.5; sqf-ice sle4428.c; IchMarcel sle4428.c]: WRITE_COUNTER clears a
 * 1 bit of the counter at 3FD, which opens one attempt; COMPARE at 3FE then at 3FF checks the two
 * PSC bytes; the attempt ends with the 3FF comparison, and access is granted only when both bytes
 * matched. With access the host may erase the counter back to FF and write anything unprotected
 * until power-off [yktchina §6: "valid until power-off"].
 *
 * Choices where no source was found (see docs/cards/sle4428.md): an attempt opens only when a
 * counter bit really went from 1 to 0 (so a counter at 00 can never open one: the lock); a failed
 * attempt withdraws access granted earlier in the session; a warm reset abandons an open attempt
 * but keeps access.
 */
export class PscSession {
  /** Access granted by a correct comparison, until power-off. */
  verified = false;
  /** A counter bit was written since the last completed attempt. */
  attemptOpen = false;
  /** Result of the 3FE comparison of the open attempt; undefined before it. */
  firstByteMatched: boolean | undefined;

  /** After WRITE_COUNTER: opens an attempt when a bit went from 1 to 0. */
  counterWritten(before: number, after: number): void {
    if ((before & ~after & 0xff) !== 0) {
      this.attemptOpen = true;
      this.firstByteMatched = undefined;
    }
  }

  /** COMPARE at `address` with `data`; `reference` is the stored PSC byte there. */
  compare(address: number, data: number, reference: number): void {
    if (!this.attemptOpen) return;
    if (address === PSC_ADDRESS) {
      this.firstByteMatched = data === reference;
    } else if (address === PSC_ADDRESS + 1) {
      this.verified = this.firstByteMatched === true && data === reference;
      this.attemptOpen = false;
      this.firstByteMatched = undefined;
    }
  }

  reset(): void {
    this.attemptOpen = false;
    this.firstByteMatched = undefined;
  }

  powerOff(): void {
    this.verified = false;
    this.reset();
  }
}

export const isCounterAddress = (address: number): boolean => address === ERROR_COUNTER_ADDRESS;
export const isPscAddress = (address: number): boolean => address === PSC_ADDRESS || address === PSC_ADDRESS + 1;
