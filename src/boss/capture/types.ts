/**
 * What a capture records: every frame crossing a BOSS connection, whole (length prefix included),
 * in the order it crossed, with its time. The JSON-lines form is in docs/boss/capture.md.
 */
export interface CapturedFrame {
  /** ISO 8601 time with milliseconds, from the recorder's clock. */
  readonly at: string;
  /** A number for the TCP connection, unique within one capture. */
  readonly connection: number;
  /** `request` bank → BOSS, `response` BOSS → bank. */
  readonly direction: 'request' | 'response';
  /** The bank's address and port as `IP:PORT`. */
  readonly peer: string;
  /** The whole frame: length prefix and body. */
  readonly bytes: Uint8Array;
}

/** A server hands every frame to a tap; the capture writer is one. */
export interface FrameTap {
  frame(frame: CapturedFrame): void;
  /**
   * Bytes the server read but did not take as a request (`"frame": false` in a capture file): a bad
   * length prefix and everything after it, and the start of a frame cut short by a close (of either
   * side, a timeout or a reset). A tap without it records frames only.
   */
  raw?(chunk: CapturedFrame): void;
  close(): Promise<void>;
}
