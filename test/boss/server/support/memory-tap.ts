import type { CapturedFrame, FrameTap } from '../../../../src/boss/capture/types.ts';

/** A FrameTap that keeps every frame, for assertions on order and content. */
export class MemoryTap implements FrameTap {
  readonly frames: CapturedFrame[] = [];
  closed = false;

  frame(frame: CapturedFrame): void {
    this.frames.push(frame);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
