import { concatBytes } from '../../core/hex.ts';
import type { Profile } from '../profile/types.ts';
import { BossEncodeError, BossFrameError } from './errors.ts';

type Framing = Profile['framing'];

/** Length prefix (lengthDigits zero-padded ASCII decimal digits counting body bytes) + body. [§1] */
export function encodeFrame(framing: Framing, body: Uint8Array): Uint8Array {
  if (body.length > framing.maxBody) {
    throw new BossEncodeError('body', `${body.length} bytes, more than the maximum ${framing.maxBody}`);
  }
  const prefix = String(body.length).padStart(framing.lengthDigits, '0');
  return concatBytes(Uint8Array.from(Buffer.from(prefix, 'latin1')), body);
}

/**
 * Incremental decoder for a TCP byte stream: push chunks as they arrive, get back every whole body.
 * After an error the stream cannot be resynchronised, so the decoder refuses further input.
 * [§1: a larger announced length is answered with 1004 and the connection is closed]
 */
export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  private failed: BossFrameError | undefined;

  constructor(private readonly framing: Framing) {}

  /** True while part of a frame is buffered: the 10 s frame timer runs. [§1] */
  get inFrame(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failed) throw this.failed;
    this.buffer = this.buffer.length === 0 ? Uint8Array.from(chunk) : concatBytes(this.buffer, chunk);
    const bodies: Uint8Array[] = [];
    const digits = this.framing.lengthDigits;
    while (this.buffer.length >= digits) {
      const length = this.announced(this.buffer.subarray(0, digits));
      if (this.buffer.length < digits + length) break;
      bodies.push(this.buffer.slice(digits, digits + length));
      this.buffer = this.buffer.slice(digits + length);
    }
    if (this.buffer.length > 0 && this.buffer.length < digits) this.checkDigits(this.buffer);
    return bodies;
  }

  /** The stream ended: throws if it ended inside a frame. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.buffer.length > 0) {
      throw this.fail(new BossFrameError('truncated', `stream ended inside a frame (${this.buffer.length} bytes buffered)`, this.buffer));
    }
  }

  private announced(prefix: Uint8Array): number {
    this.checkDigits(prefix);
    const length = Number(Buffer.from(prefix).toString('latin1'));
    if (length > this.framing.maxBody) {
      throw this.fail(
        new BossFrameError('tooLarge', `announced length ${length} is over the maximum ${this.framing.maxBody}`, Uint8Array.from(prefix), length),
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
