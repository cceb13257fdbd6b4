import { concatBytes } from '../../core/hex.ts';
import { BossFrameError } from '../codec/errors.ts';
import { FrameDecoder } from '../codec/frame.ts';
import type { Profile } from '../profile/types.ts';

export interface ReadResult {
  /** Whole bodies, in order, including those in front of a bad frame in the same chunk. */
  readonly bodies: Uint8Array[];
  /** Set when the stream cannot be followed past this point. */
  readonly error?: BossFrameError;
}

/**
 * The codec's FrameDecoder with one guarantee more: when a chunk holds whole frames followed by a bad
 * length prefix, those frames are still delivered (the decoder throws and loses them), so a client that
 * pipelines gets its earlier answers before the 1004/1002. [bank-interface §1]
 */
export class FrameReader {
  private readonly decoder: FrameDecoder;
  /** The bytes the decoder holds of the frame in progress, as the chunks that brought them. */
  private held: Uint8Array[] = [];

  constructor(private readonly framing: Profile['framing']) {
    this.decoder = new FrameDecoder(framing);
  }

  /** True while part of a frame has arrived: the frame timer runs. */
  get inFrame(): boolean {
    return this.decoder.inFrame;
  }

  push(chunk: Uint8Array): ReadResult {
    let bodies: Uint8Array[];
    try {
      bodies = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof BossFrameError)) throw error;
      return { bodies: this.wholeFramesBefore(concatBytes(...this.held, chunk)), error };
    }
    this.remember(chunk, bodies);
    return { bodies };
  }

  /** The stream ended: the error when it ended inside a frame. */
  end(): BossFrameError | undefined {
    try {
      this.decoder.end();
      return undefined;
    } catch (error) {
      if (error instanceof BossFrameError) return error;
      throw error;
    }
  }

  private remember(chunk: Uint8Array, bodies: readonly Uint8Array[]): void {
    if (!this.decoder.inFrame) this.held = [];
    else if (bodies.length === 0) this.held.push(chunk);
    else {
      // Frames completed in this chunk used up everything held before it; the rest of the chunk is the new frame.
      const consumed = bodies.reduce((sum, body) => sum + this.framing.lengthDigits + body.length, 0);
      const heldBefore = this.held.reduce((sum, part) => sum + part.length, 0);
      this.held = [chunk.subarray(consumed - heldBefore)];
    }
  }

  /** Walks the unconsumed bytes frame by frame with a fresh decoder until it meets the same error. */
  private wholeFramesBefore(bytes: Uint8Array): Uint8Array[] {
    const probe = new FrameDecoder(this.framing);
    const digits = this.framing.lengthDigits;
    const bodies: Uint8Array[] = [];
    let offset = 0;
    try {
      while (offset + digits <= bytes.length) {
        const prefix = bytes.subarray(offset, offset + digits);
        bodies.push(...probe.push(prefix)); // throws at the bad prefix
        const end = offset + digits + Number(Buffer.from(prefix).toString('latin1'));
        if (end > bytes.length) break;
        bodies.push(...probe.push(bytes.subarray(offset + digits, end)));
        offset = end;
      }
    } catch {
      // the error the caller already holds
    }
    return bodies;
  }
}
