import { DecodeError } from '../../../src/core/errors.ts';

/**
 * The vpcd ↔ vicc wire format of vsmartcard (virtualsmartcard/src/vpcd/vpcd.c, sendToVICC and
 * recvFromVICC): every message in either direction is a 2-byte big-endian length followed by that
 * many bytes. Messages of length 1 from vpcd are control codes; everything else is a command APDU.
 */
export const VPCD_CONTROL = {
  /** IFDHPowerICC(IFD_POWER_DOWN); vpcd expects no answer. */
  powerOff: 0x00,
  /** IFDHPowerICC(IFD_POWER_UP); no answer, vpcd asks for the ATR next. */
  powerOn: 0x01,
  /** IFDHPowerICC(IFD_RESET); no answer, vpcd asks for the ATR next. */
  reset: 0x02,
  /** vicc_getatr: answered with the ATR. Also vpcd's presence poll (vicc_present), every ~400 ms. */
  getAtr: 0x04,
} as const;

/** The largest payload the 2-byte length can announce. */
export const VPCD_MAX_PAYLOAD = 0xffff;

export function encodeVpcdMessage(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_PAYLOAD) {
    throw new DecodeError(`a vpcd message carries at most ${VPCD_MAX_PAYLOAD} bytes, got ${payload.length}`, payload.subarray(0, 16));
  }
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

/**
 * Reassembles length-prefixed messages from TCP chunks, which may split or join them anywhere.
 * Feed every chunk with `push`; it returns the messages completed by that chunk, in order.
 */
export class VpcdMessageReader {
  private pending = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const messages: Uint8Array[] = [];
    let offset = 0;
    while (joined.length - offset >= 2) {
      const length = (joined[offset]! << 8) | joined[offset + 1]!;
      if (joined.length - offset - 2 < length) break;
      messages.push(joined.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    this.pending = joined.slice(offset);
    return messages;
  }

  /** Bytes received that do not yet make a whole message. */
  get buffered(): number {
    return this.pending.length;
  }
}
