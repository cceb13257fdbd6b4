import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.ts';
import { errorMessage } from '../../core/errors.ts';
import type { CapturedFrame, FrameTap } from '../capture/types.ts';

/**
 * Hands every frame in and out to the tap, and the bytes read that were not a request, in the order
 * the connection handled them (a frame cut short is handed over, with that time, when the connection
 * starts to end). A tap that throws is logged once and then left alone: a capture must never take
 * the server down.
 */
export class FrameRecorder {
  private failed = false;

  constructor(
    private readonly tap: FrameTap | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** False when there is no tap (or it failed): callers skip building the frame bytes. */
  get active(): boolean {
    return this.tap !== undefined && !this.failed;
  }

  frame(connection: number, peer: string, direction: CapturedFrame['direction'], bytes: Uint8Array): void {
    this.record('frame', connection, peer, direction, bytes);
  }

  /** Bytes read but not taken as a request (see FrameTap.raw); nothing when empty or the tap has no `raw`. */
  raw(connection: number, peer: string, direction: CapturedFrame['direction'], bytes: Uint8Array): void {
    if (bytes.length > 0) this.record('raw', connection, peer, direction, bytes);
  }

  private record(kind: 'frame' | 'raw', connection: number, peer: string, direction: CapturedFrame['direction'], bytes: Uint8Array): void {
    const tap = this.tap;
    if (tap === undefined || this.failed) return;
    try {
      const captured = { at: new Date(this.clock.now()).toISOString(), connection, direction, peer, bytes };
      if (kind === 'frame') tap.frame(captured);
      else tap.raw?.(captured);
    } catch (error) {
      this.failed = true;
      this.log.error({ event: 'tapError', error: errorMessage(error) }, 'the frame tap failed; no more frames go to it');
    }
  }
}
