/**
 * A capture as replay sees it, whatever file it came from (JSON lines, pcap, pcapng): connections
 * in capture order, each an ordered list of what crossed it.
 */
export type Direction = 'request' | 'response';

/** One frame, or bytes that are not a frame, that crossed a connection. */
export interface CaptureItem {
  readonly direction: Direction;
  /** Whole frame (length prefix and body), or the raw bytes. */
  readonly bytes: Uint8Array;
  readonly isFrame: boolean;
  /** ISO 8601 with milliseconds. */
  readonly at: string;
  /** Where in the capture file: `line 12`, `packet 7`. */
  readonly source: string;
  /**
   * Place in the whole capture, across connections (the line number of a JSON-lines file, the
   * packet number of a pcap): replay sends requests in this order. Items sharing a position keep
   * their order within the connection.
   */
  readonly position: number;
}

/** A moment of the capture: its time and its place (as `CaptureItem.position`). */
export interface CapturePoint {
  /** ISO 8601 with milliseconds. */
  readonly at: string;
  readonly position: number;
}

export interface CaptureConnection {
  /** 1-based, in capture order. */
  readonly index: number;
  /** The connection number as recorded (JSON lines) or the TCP endpoints (pcap). */
  readonly label: string;
  /** The bank (client) side, `IP:PORT`. */
  readonly peer: string;
  /** The BOSS (server) side, when the capture knows it. */
  readonly boss?: string;
  readonly items: readonly CaptureItem[];
  /** Who closed first, when the capture shows it. */
  readonly closedBy?: 'bank' | 'boss';
  /** When the connection opened (an `open` line, the first packet), when the capture shows it. */
  readonly opened?: CapturePoint;
  /** When it was closed (a `close` line, the first FIN or RST), when the capture shows it. */
  readonly closed?: CapturePoint;
  /** Gaps, truncation, guesses: what a reader of the results should know about this connection. */
  readonly notes: readonly string[];
}

export interface CaptureSet {
  readonly file: string;
  readonly format: 'jsonl' | 'pcap' | 'pcapng';
  readonly connections: readonly CaptureConnection[];
  /** File-level remarks: skipped packets, a file cut short. */
  readonly notes: readonly string[];
}
