import type { CapturedFrame, FrameTap } from '../../../../src/boss/capture/types.ts';

/** A FrameTap that keeps every frame and raw piece, for assertions on order and content. */
export class MemoryTap implements FrameTap {
  readonly frames: CapturedFrame[] = [];
  /** Frames and raw pieces together, in the order they were handed in. */
  readonly records: (CapturedFrame & { readonly kind: 'frame' | 'raw' })[] = [];
  closed = false;

  frame(frame: CapturedFrame): void {
    this.frames.push(frame);
    this.records.push({ ...frame, kind: 'frame' });
  }

  raw(chunk: CapturedFrame): void {
    this.records.push({ ...chunk, kind: 'raw' });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
