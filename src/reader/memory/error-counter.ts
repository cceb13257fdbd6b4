/**
 * READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 LL` of the SLE4442 and SLE4428 [ACR38x §9.3.5.3,
 * §9.3.6.3]: the error counter and the bytes after it, checked before the counter is believed.
 */
import { hexByte, toHex } from '../../core/hex.ts';
import { ApduError, commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';

export interface ErrorCounterStatus {
  /** The counter as the reader reports it: full (SLE4442 07, SLE4428 FF) = every attempt left, 00 = locked. */
  readonly errorCounter: number;
  readonly attemptsLeft: number;
  readonly locked: boolean;
}

/** How one card answers the command. */
export interface ErrorCounterLayout {
  /** Bytes the reader answers: the counter and what follows it. */
  readonly length: number;
  /** Largest counter the card can show (SLE4442: 07, three bits). */
  readonly maxCounter: number;
  attemptsLeft(errorCounter: number): number;
}

export async function readErrorCounter(channel: ApduChannel, layout: ErrorCounterLayout): Promise<ErrorCounterStatus> {
  const response = await channel.transmit(commandApdu(ACS_CLA, 0xb1, 0, 0, undefined, layout.length));
  const data = expectOk(response, 'READ_PRESENTATION_ERROR_COUNTER');
  const [errorCounter] = data;
  if (data.length !== layout.length || errorCounter === undefined || errorCounter > layout.maxCounter) {
    throw new ApduError(
      `READ_PRESENTATION_ERROR_COUNTER: expected ${layout.length} bytes with the counter 00..${hexByte(layout.maxCounter)}, got ${toHex(data)}`,
      response,
    );
  }
  const left = layout.attemptsLeft(errorCounter);
  return { errorCounter, attemptsLeft: left, locked: left === 0 };
}
