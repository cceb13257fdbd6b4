import type { CapturedFrame } from './types.ts';

/**
 * The records of a JSON-lines capture, one per line (docs/boss/capture.md §1). Frames are what a
 * server tap records; a capture proxy also records bytes that are not a frame and connection events.
 */
export const CAPTURE_FORMAT = 'stbpay-boss-capture/1';

/** A whole frame, length prefix included. */
export interface FrameRecord extends CapturedFrame {
  readonly kind: 'frame';
}

/**
 * Bytes that crossed the connection but are not a frame: garbage, a bad length prefix and all that
 * followed it, or a frame cut short by a close. Forwarded unchanged by the proxy, replayed raw.
 */
export interface RawRecord extends Omit<CapturedFrame, 'bytes'> {
  readonly kind: 'raw';
  readonly bytes: Uint8Array;
}

/** A recorder (server tap or proxy) started writing; connection numbers restart after it. */
export interface StartRecord {
  readonly kind: 'start';
  readonly at: string;
  readonly format: string;
}

interface ConnectionEventBase {
  readonly at: string;
  readonly connection: number;
  /** The bank's address, `IP:PORT`. */
  readonly peer: string;
}

/** A connection was accepted. */
export interface OpenRecord extends ConnectionEventBase {
  readonly kind: 'open';
}

/** A connection was closed; `by` says which side closed first: `bank` (client) or `boss` (server). */
export interface CloseRecord extends ConnectionEventBase {
  readonly kind: 'close';
  readonly by?: 'bank' | 'boss';
}

export type ConnectionEventRecord = OpenRecord | CloseRecord;

export type CaptureRecord = FrameRecord | RawRecord | StartRecord | ConnectionEventRecord;
