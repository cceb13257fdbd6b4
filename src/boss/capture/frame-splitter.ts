import { concatBytes } from '../../core/hex.ts';
import { encodeFrame, FrameDecoder } from '../codec/frame.ts';
import type { Profile } from '../profile/types.ts';

/** A piece of a byte stream: a whole frame, or bytes that are not one. */
export interface StreamPiece {
  readonly bytes: Uint8Array;
  readonly isFrame: boolean;
  /** Offset of the first byte in the stream, counted from the first byte pushed. */
  readonly offset: number;
}

/**
 * Cuts one direction of a connection into frames with the codec's FrameDecoder. After a framing
 * error (bad prefix, too large) the stream cannot be resynchronised [bank-interface §1], so every
 * byte from the start of the bad frame on is returned as not-a-frame.
 */
export class FrameSplitter {
  private decoder: FrameDecoder;
  private pending: Uint8Array = new Uint8Array(0);
  private pendingOffset = 0;
  private broken = false;

  constructor(private readonly framing: Profile['framing']) {
    this.decoder = new FrameDecoder(framing);
  }

  push(chunk: Uint8Array): StreamPiece[] {
    if (chunk.length === 0) return [];
    if (this.broken) {
      const piece = { bytes: Uint8Array.from(chunk), isFrame: false, offset: this.pendingOffset };
      this.pendingOffset += chunk.length;
      return [piece];
    }
    const data = concatBytes(this.pending, chunk);
    try {
      const bodies = this.decoder.push(chunk);
      return this.take(data, bodies);
    } catch {
      return this.recover(data);
    }
  }

  /** The stream ended: a partial frame left over is returned as not-a-frame. */
  end(): StreamPiece | undefined {
    if (this.pending.length === 0) return undefined;
    const piece = { bytes: this.pending, isFrame: false, offset: this.pendingOffset };
    this.pendingOffset += this.pending.length;
    this.pending = new Uint8Array(0);
    return piece;
  }

  private take(data: Uint8Array, bodies: readonly Uint8Array[]): StreamPiece[] {
    const pieces: StreamPiece[] = [];
    let used = 0;
    for (const body of bodies) {
      // the prefix is fixed-width digits, so re-encoding gives back exactly the bytes received
      const frame = encodeFrame(this.framing, body);
      pieces.push({ bytes: frame, isFrame: true, offset: this.pendingOffset });
      this.pendingOffset += frame.length;
      used += frame.length;
    }
    this.pending = data.slice(used);
    return pieces;
  }

  /**
   * The decoder threw part-way through `data`, losing the frames it had already cut in that push:
   * run the bytes again through a fresh decoder one byte at a time to find where the bad frame starts.
   */
  private recover(data: Uint8Array): StreamPiece[] {
    const probe = new FrameDecoder(this.framing);
    const bodies: Uint8Array[] = [];
    for (let i = 0; i < data.length; i++) {
      try {
        bodies.push(...probe.push(data.subarray(i, i + 1)));
      } catch {
        break;
      }
    }
    const pieces = this.take(data, bodies);
    this.broken = true;
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    if (rest.length > 0) {
      pieces.push({ bytes: rest, isFrame: false, offset: this.pendingOffset });
      this.pendingOffset += rest.length;
    }
    return pieces;
  }
}
