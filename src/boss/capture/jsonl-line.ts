import { toCompactHex } from '../../core/hex.ts';
import { readableText } from '../codec/readable.ts';
import type { CaptureRecord } from './records.ts';

/**
 * One capture record → one JSON line (no newline). Keys in a fixed order so that captures diff well:
 * `at, connection, direction, peer, hex, text[, frame:false]` for bytes,
 * `at, connection, peer, event[, by]` for connection events, `at, event, format` for a start.
 * The exact form is docs/boss/capture.md §1.
 */
export function formatCaptureLine(record: CaptureRecord): string {
  switch (record.kind) {
    case 'frame':
    case 'raw':
      return JSON.stringify({
        at: record.at,
        connection: record.connection,
        direction: record.direction,
        peer: record.peer,
        hex: toCompactHex(record.bytes),
        text: readableText(record.bytes),
        ...(record.kind === 'raw' ? { frame: false } : {}),
      });
    case 'open':
    case 'close':
      return JSON.stringify({
        at: record.at,
        connection: record.connection,
        peer: record.peer,
        event: record.kind,
        ...(record.kind === 'close' && record.by !== undefined ? { by: record.by } : {}),
      });
    case 'start':
      return JSON.stringify({ at: record.at, event: 'start', format: record.format });
  }
}
