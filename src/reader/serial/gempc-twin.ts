import { hexByte, toHex } from '../../core/hex.ts';
import { CCID_HEADER_LENGTH, RDR_TO_PC_INTERRUPT } from '../ccid/constants.ts';
import { declaredLength } from '../ccid/message.ts';
import { ReaderProtocolError } from '../errors.ts';

/**
 * The GemPC Twin serial framing of CCID messages, as libccid's serial driver speaks it
 * (LudovicRousseau/CCID src/ccid_serial.c, WriteSerial / ReadSerial; docs/reader/serial-framing.md):
 *
 *   frame        03 06 <CCID message: 10-byte header + abData> LRC     LRC = XOR of every byte before it
 *   NAK          03 15 16                                              "resend your last frame"
 *   card moved   50 02 (absent) | 50 03 (present)                      outside frames, reader to host:
 *                                                                       NotifySlotChange and slot 0's bmSlotICCState
 *                                                                       (ccid_serial.c CARD_ABSENT / CARD_PRESENT)
 *   time request one byte 80..FF                                        outside frames, T=0 "still working"
 *
 * The same framing goes both ways, so the host transport and the emulator's serial front end share
 * this codec.
 */
export const SYNC = 0x03;
export const CTRL_ACK = 0x06;
export const CTRL_NAK = 0x15;
/** The whole NAK frame: its LRC is 03 XOR 15 = 16. */
export const NAK_FRAME: Uint8Array = Uint8Array.of(SYNC, CTRL_NAK, SYNC ^ CTRL_NAK);
/** libccid's serial buffer holds a short-APDU message of 271 bytes (GEMPCTWIN_MAXBUF). */
export const DEFAULT_MAX_MESSAGE_LENGTH = 271;

/** XOR of all bytes: the frame's LRC is lrc(03 06 message). */
export function lrc(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value ^= byte;
  return value;
}

/** Frames one CCID message: 03 06 message LRC. */
export function frameMessage(message: Uint8Array): Uint8Array {
  const frame = new Uint8Array(message.length + 3);
  frame[0] = SYNC;
  frame[1] = CTRL_ACK;
  frame.set(message, 2);
  frame[frame.length - 1] = lrc(frame.subarray(0, frame.length - 1));
  return frame;
}

/** A frame whose LRC does not match its bytes; `bytes` is the whole frame as received. */
export class SerialLrcError extends ReaderProtocolError {
  constructor(
    bytes: Uint8Array,
    readonly expected: number,
  ) {
    super(`GemPC Twin frame LRC is ${hexByte(bytes[bytes.length - 1] ?? 0)}, the bytes give ${hexByte(expected)}: ${toHex(bytes)}`, bytes);
  }
}

/** Bytes that are neither a frame, a NAK, a card movement nor a time request; skipped to resynchronise. */
export class SerialGarbageError extends ReaderProtocolError {
  constructor(bytes: Uint8Array, reason: string) {
    super(`GemPC Twin link: skipped ${bytes.length} byte(s) (${reason}): ${toHex(bytes)}`, bytes);
  }
}

export type SerialEvent =
  | { readonly kind: 'message'; readonly message: Uint8Array; readonly frame: Uint8Array }
  | { readonly kind: 'nak' }
  | { readonly kind: 'card-movement'; readonly state: number }
  | { readonly kind: 'time-request'; readonly value: number }
  | { readonly kind: 'bad-lrc'; readonly error: SerialLrcError }
  | { readonly kind: 'garbage'; readonly error: SerialGarbageError };

export interface DecoderOptions {
  /** Longest CCID message (header + abData) accepted; a longer dwLength is taken for garbage. */
  readonly maxMessageLength?: number;
}

/**
 * Incremental decoder: feed it bytes in any chunking, get whole events out. After bytes it cannot
 * place (a stray byte, 03 followed by something other than 06/15, a dwLength above the maximum) it
 * reports them as garbage and rescans from the next byte, so one corrupted byte costs one frame at
 * most. Time-request bytes (80..FF) are only recognised outside frames, as in ReadSerial.
 */
export class GemPcTwinDecoder {
  private buffer = new Uint8Array(0);
  private readonly maxMessageLength: number;

  constructor(options: DecoderOptions = {}) {
    this.maxMessageLength = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  }

  /** Bytes received but not yet part of a complete event. */
  get pending(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): SerialEvent[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const events: SerialEvent[] = [];
    let offset = 0;
    let garbageStart = -1;
    const flushGarbage = (end: number, reason: string): void => {
      if (garbageStart < 0) return;
      events.push({ kind: 'garbage', error: new SerialGarbageError(joined.slice(garbageStart, end), reason) });
      garbageStart = -1;
    };
    const skip = (): void => {
      if (garbageStart < 0) garbageStart = offset;
      offset += 1;
    };

    while (offset < joined.length) {
      const step = this.readEvent(joined, offset);
      if (step === 'incomplete') break;
      if (step === 'garbage') {
        skip();
        continue;
      }
      flushGarbage(offset, 'not a frame start');
      events.push(step.event);
      offset += step.length;
    }
    flushGarbage(offset, 'not a frame start');
    this.buffer = joined.slice(offset);
    return events;
  }

  /** One event starting at `offset`, or why there is none yet. */
  private readEvent(bytes: Uint8Array, offset: number): { event: SerialEvent; length: number } | 'incomplete' | 'garbage' {
    const first = bytes[offset]!;
    const available = bytes.length - offset;
    if (first === RDR_TO_PC_INTERRUPT.NotifySlotChange) {
      if (available < 2) return 'incomplete';
      return { event: { kind: 'card-movement', state: bytes[offset + 1]! }, length: 2 };
    }
    if (first >= 0x80) return { event: { kind: 'time-request', value: first }, length: 1 };
    if (first !== SYNC) return 'garbage';
    if (available < 2) return 'incomplete';
    const ctrl = bytes[offset + 1]!;
    if (ctrl === CTRL_NAK) {
      if (available < 3) return 'incomplete';
      return bytes[offset + 2] === (SYNC ^ CTRL_NAK) ? { event: { kind: 'nak' }, length: 3 } : 'garbage';
    }
    if (ctrl !== CTRL_ACK) return 'garbage';
    if (available < 2 + CCID_HEADER_LENGTH) return 'incomplete';
    const messageLength = CCID_HEADER_LENGTH + declaredLength(bytes.subarray(offset + 2));
    if (messageLength > this.maxMessageLength) return 'garbage';
    const frameLength = messageLength + 3;
    if (available < frameLength) return 'incomplete';
    const frame = bytes.slice(offset, offset + frameLength);
    const expected = lrc(frame.subarray(0, frameLength - 1));
    if (expected !== frame[frameLength - 1]) {
      return { event: { kind: 'bad-lrc', error: new SerialLrcError(frame, expected) }, length: frameLength };
    }
    return { event: { kind: 'message', message: frame.slice(2, frameLength - 1), frame }, length: frameLength };
  }
}
