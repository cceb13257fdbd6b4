import { StbpayError } from '../core/errors.ts';
import { toHex } from '../core/hex.ts';

/**
 * An APDU exchange with a card in a reader slot, whatever stack is underneath: our `Reader` over
 * CCID, PC/SC through pcscd, or the reader emulator's firmware called directly. Memory-card
 * operations (src/reader/memory/) are written against this, so they run the same over all of them.
 */
export interface ApduChannel {
  /** Sends a command APDU and returns the response APDU (data followed by SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

/** A response APDU split into data and status word. */
export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;
  /** SW1 << 8 | SW2. */
  readonly sw: number;
}

export function splitResponse(response: Uint8Array): ResponseApdu {
  if (response.length < 2) {
    throw new ApduError(`response APDU of ${response.length} bytes has no status word`, response);
  }
  const sw1 = response[response.length - 2]!;
  const sw2 = response[response.length - 1]!;
  return { data: response.slice(0, -2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

/** Builds a command APDU of ISO/IEC 7816-4 §5.1 short form: case 1, 2 (le), 3 (data) or 4 (both). */
export function commandApdu(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const body = data && data.length > 0 ? [data.length, ...data] : [];
  if (data && data.length > 255) throw new ApduError(`short APDU data is at most 255 bytes, got ${data.length}`, data);
  const trailer = le === undefined ? [] : [le & 0xff];
  return Uint8Array.from([cla, ins, p1, p2, ...body, ...trailer]);
}

/** A card or reader answered a status word the operation cannot accept. */
export class ApduError extends StbpayError {
  constructor(
    message: string,
    readonly bytes: Uint8Array,
  ) {
    super('STBPAY_ERR_APDU', message);
  }
}

/** Throws ApduError unless the response ends in 90 00; returns the data. */
export function expectOk(response: Uint8Array, what: string): Uint8Array {
  const split = splitResponse(response);
  if (split.sw !== 0x9000) {
    throw new ApduError(`${what}: status ${toHex(Uint8Array.of(split.sw1, split.sw2))}, expected 90 00`, response);
  }
  return split.data;
}
