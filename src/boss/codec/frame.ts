import { concatBytes } from '../../core/hex.ts';
import type { Profile } from '../profile/types.ts';
import { BossEncodeError, BossFrameError } from './errors.ts';

type Framing = Profile['framing'];

const EMPTY = new Uint8Array(0);

/** Length prefix (lengthDigits zero-padded ASCII decimal digits counting body bytes) + body. [§1] */
export function encodeFrame(framing: Framing, body: Uint8Array): Uint8Array {
  if (body.length > framing.maxBody) {
    throw new BossEncodeError('body', `${body.length} bytes, more than the maximum ${framing.maxBody}`);
  }
  // one allocation: the digits written in place, then the body (this runs for every answer)
  const digits = framing.lengthDigits;
  const frame = new Uint8Array(digits + body.length);
  for (let i = digits - 1, rest = body.length; i >= 0; i--, rest = Math.floor(rest / 10)) frame[i] = 0x30 + (rest % 10);
  frame.set(body, digits);
  return frame;
}

/** What one chunk gave: the whole bodies, in order, and the error that stops the stream, if any. */
export interface FrameRead {
  readonly bodies: Uint8Array[];
  readonly error?: BossFrameError;
}

/**
 * Incremental decoder for a TCP byte stream: push chunks as they arrive, get back every whole body.
 * After an error the stream cannot be resynchronised, so the decoder refuses further input.
 * [§1: a larger announced length is answered with 1004 and the connection is closed]
 * Bodies are copies, and nothing of a pushed chunk is kept by reference: the caller may reuse it.
 */
export class FrameDecoder {
  /** The bytes of the frame in progress (a private copy). */
  private buffer: Uint8Array = EMPTY;
  private failed: BossFrameError | undefined;

  constructor(private readonly framing: Framing) {}

  /**
   * The bytes read but not yet returned as a body: the start of the frame in progress, or, after a
   * framing error, everything from the bad length prefix on (what a capture keeps as raw bytes).
   */
  get pending(): Uint8Array {
    return this.buffer;
  }

  /** True while part of a frame is buffered: the 10 s frame timer runs. [§1] */
  get inFrame(): boolean {
    return this.buffer.length > 0;
  }

  /** Every whole body of the stream so far; throws at the first framing error (bodies before it are lost). */
  push(chunk: Uint8Array): Uint8Array[] {
    const { bodies, error } = this.read(chunk);
    if (error) throw error;
    return bodies;
  }

  /**
   * Like push, but an error does not lose the whole frames in front of it in the same chunk: a
   * server answers those before its 1004/1002 and close. [bank-interface §1]
   */
  read(chunk: Uint8Array): FrameRead {
    if (this.failed) return { bodies: [], error: this.failed };
    // walk the chunk in place (no copy of it) unless a frame was already in progress
    const data = this.buffer.length === 0 ? chunk : concatBytes(this.buffer, chunk);
    const bodies: Uint8Array[] = [];
    const digits = this.framing.lengthDigits;
    let offset = 0;
    try {
      while (data.length - offset >= digits) {
        const length = this.announced(data, offset);
        const end = offset + digits + length;
        if (data.length < end) break;
        bodies.push(data.slice(offset + digits, end));
        offset = end;
      }
      this.buffer = offset === data.length ? EMPTY : data.slice(offset);
      if (this.buffer.length > 0 && this.buffer.length < digits) this.checkDigits(this.buffer);
    } catch (error) {
      if (!(error instanceof BossFrameError)) throw error;
      this.buffer = data.slice(offset); // what could not be followed stays buffered, as before the error
      return { bodies, error };
    }
    return { bodies };
  }

  /** The stream ended: throws if it ended inside a frame. */
  end(): void {
    const error = this.endError();
    if (error) throw error;
  }

  /** The stream ended: the error when it ended inside a frame (or had failed before), else undefined. */
  endError(): BossFrameError | undefined {
    if (this.failed) return this.failed;
    if (this.buffer.length > 0) {
      return this.fail(new BossFrameError('truncated', `stream ended inside a frame (${this.buffer.length} bytes buffered)`, this.buffer));
    }
    return undefined;
  }

  /** The length the prefix at `offset` announces. */
  private announced(data: Uint8Array, offset: number): number {
    const digits = this.framing.lengthDigits;
    let length = 0;
    for (let i = offset; i < offset + digits; i++) {
      const byte = data[i]!;
      if (byte < 0x30 || byte > 0x39) this.checkDigits(data.subarray(offset, offset + digits));
      length = length * 10 + (byte - 0x30);
    }
    if (length > this.framing.maxBody) {
      throw this.fail(
        new BossFrameError('tooLarge', `announced length ${length} is over the maximum ${this.framing.maxBody}`, data.slice(offset, offset + digits), length),
      );
    }
    return length;
  }

  /** Refuses a non-digit as soon as it arrives, not only once the prefix is complete. */
  private checkDigits(prefix: Uint8Array): void {
    if (!prefix.every((b) => b >= 0x30 && b <= 0x39)) {
      const shown = JSON.stringify(Buffer.from(prefix).toString('latin1'));
      throw this.fail(new BossFrameError('badPrefix', `length prefix ${shown} is not ${this.framing.lengthDigits} decimal digits`, Uint8Array.from(prefix)));
    }
  }

  private fail(error: BossFrameError): BossFrameError {
    this.failed = error;
    return error;
  }
}
