/**
 * What one command did inside the chip logic of an AT88SC153/AT88SC1608: the bytes clocked out,
 * the acknowledge, and whether it started a self-timed write cycle. The card shell turns it into a
 * ChipResponse (card-shell.ts).
 */
export interface Outcome {
  readonly data: Uint8Array;
  readonly acknowledged: boolean;
  readonly writeCycle: boolean;
}

const NONE = new Uint8Array(0);

export const NACK: Outcome = { data: NONE, acknowledged: false, writeCycle: false };
export const CYCLE: Outcome = { data: NONE, acknowledged: true, writeCycle: true };
export const ack = (data: Uint8Array = NONE): Outcome => ({ data, acknowledged: true, writeCycle: false });
