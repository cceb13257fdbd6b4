import { concatBytes } from '../../core/hex.ts';
import { HsmFrameError } from '../errors.ts';

/** The largest message a 2-byte length can announce. */
export const MAX_FRAME_MESSAGE = 0xffff;

const EMPTY = new Uint8Array(0);

/** A 2-byte big-endian length (of the message, not counting itself), then the message. [psam_hsm.md §4.1] */
export function encodeFrame(message: Uint8Array): Uint8Array {
  if (message.length > MAX_FRAME_MESSAGE) throw new RangeError(`an HSM message of ${message.length} bytes does not fit a 2-byte length`);
  const frame = new Uint8Array(2 + message.length);
  frame[0] = message.length >> 8;
  frame[1] = message.length & 0xff;
  frame.set(message, 2);
  return frame;
}

/**
 * Incremental decoder for a TCP byte stream: push chunks as they come, get back whole messages (copies).
 * A length over `maxMessage` cannot be answered safely (the stream is lost), so it is an error and
 * the decoder refuses further input: the server closes the connection.
 */
export class HsmFrameDecoder {
  private buffer: Uint8Array = EMPTY;
  private failed: HsmFrameError | undefined;

  constructor(private readonly maxMessage = MAX_FRAME_MESSAGE) {}

  /** True while part of a frame is buffered. */
  get inFrame(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    const data = this.buffer.length === 0 ? chunk : concatBytes(this.buffer, chunk);
    const messages: Uint8Array[] = [];
    let offset = 0;
    while (data.length - offset >= 2) {
      const length = (data[offset]! << 8) | data[offset + 1]!;
      if (length > this.maxMessage) {
        this.failed = new HsmFrameError('tooLarge', `announced length ${length} is over the maximum ${this.maxMessage}`, data.slice(offset, offset + 2));
        this.buffer = EMPTY;
        throw this.failed;
      }
      if (data.length - offset - 2 < length) break;
      messages.push(data.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    this.buffer = offset === data.length ? EMPTY : data.slice(offset);
    return messages;
  }

  /** The stream ended: the error when it ended inside a frame, else undefined. */
  endError(): HsmFrameError | undefined {
    if (this.failed) return this.failed;
    if (this.buffer.length > 0) return new HsmFrameError('truncated', `stream ended inside a frame (${this.buffer.length} bytes buffered)`, this.buffer);
    return undefined;
  }
}
