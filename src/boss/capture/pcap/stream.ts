import { GrowableBytes } from './growable.ts';
import { TCP_SYN } from './tcp.ts';
import type { TcpSegment } from './segments.ts';

/** Which packet supplied a stretch of a run, for ordering and times. */
export interface RunPiece {
  readonly start: number;
  readonly end: number;
  readonly ordinal: number;
  readonly timeNs: bigint;
}

/** Bytes of one direction without a hole, from stream offset `offset` on. */
export interface StreamRun {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly pieces: readonly RunPiece[];
  /** Bytes are missing before this run (it is not the stream's start). */
  readonly afterGap: boolean;
  /** Bytes are missing after this run. */
  readonly beforeGap: boolean;
  /**
   * The first run of a stream whose start was not captured (no SYN: the capture began on a live
   * connection), so it may begin inside a frame, as after a hole.
   */
  readonly startUnseen: boolean;
}

export interface DirectionStream {
  readonly runs: readonly StreamRun[];
  readonly notes: readonly string[];
}

const HALF = 2 ** 31;

/**
 * Reassembles what one side sent, by sequence number: segments in any order, retransmissions and
 * duplicates (each byte is taken from the first segment, by sequence then capture order, that
 * carries it; a later copy that disagrees is noted), overlaps, and holes where segments were not
 * captured or were cut to the snapshot length. `isn` is the sender's SYN sequence number when the
 * handshake was captured; without it the stream starts at the lowest sequence number seen.
 * [RFC 9293 §3.4, §3.10.7.4]
 */
export function reassembleDirection(segments: readonly TcpSegment[], isn: number | undefined, name: string): DirectionStream {
  const notes: string[] = [];
  const carrying = segments.filter((s) => s.payloadLength > 0).map((s) => ({ segment: s, seq: s.flags & TCP_SYN ? (s.seq + 1) >>> 0 : s.seq }));
  const first = carrying[0];
  if (!first) return { runs: [], notes };
  const base = isn !== undefined ? (isn + 1) >>> 0 : carrying.reduce((low, c) => (((c.seq - low) | 0) < 0 ? c.seq : low), first.seq);
  const placed = carrying
    .map((c) => ({ ...c, rel: (c.seq - base) >>> 0 }))
    .filter((c) => {
      if (c.rel < HALF) return true;
      notes.push(`${name}: packet ${c.segment.ordinal} lies before the start of the stream; ignored`);
      return false;
    })
    .sort((a, b) => a.rel - b.rel || a.segment.ordinal - b.segment.ordinal);

  const runs: StreamRun[] = [];
  let run: { offset: number; data: GrowableBytes; pieces: RunPiece[]; afterGap: boolean } | undefined;
  let cursor = 0;
  let announcedEnd = 0;
  let conflictNoted = false;
  const closeRun = (beforeGap: boolean): void => {
    if (run) runs.push({ offset: run.offset, bytes: run.data.bytes(), pieces: run.pieces, afterGap: run.afterGap, beforeGap, startUnseen: isn === undefined && run.offset === 0 });
    run = undefined;
  };
  for (const { segment, rel } of placed) {
    const capturedEnd = rel + segment.payload.length;
    if (rel > cursor) {
      const why = cursor < announcedEnd ? 'packets cut to the snapshot length' : 'segments not in the capture';
      notes.push(`${name}: ${rel - cursor} bytes missing at stream offset ${cursor} (${why})`);
      closeRun(true);
      cursor = rel;
    }
    announcedEnd = Math.max(announcedEnd, rel + segment.payloadLength);
    if (capturedEnd <= rel) continue;
    run ??= { offset: cursor, data: new GrowableBytes(), pieces: [], afterGap: cursor > 0 };
    // the part already taken from an earlier copy: a retransmission should carry the same bytes
    const current = run;
    const overlapEnd = Math.min(cursor, capturedEnd);
    for (let at = rel; at < overlapEnd && !conflictNoted; at++) {
      if (current.data.at(at - current.offset) !== segment.payload[at - rel]) {
        notes.push(`${name}: packet ${segment.ordinal} disagrees with bytes already taken at stream offset ${at}; the first copy is kept`);
        conflictNoted = true;
      }
    }
    if (capturedEnd <= cursor) continue;
    current.data.append(segment.payload.subarray(cursor - rel));
    current.pieces.push({ start: cursor, end: capturedEnd, ordinal: segment.ordinal, timeNs: segment.timeNs });
    cursor = capturedEnd;
  }
  if (announcedEnd > cursor) notes.push(`${name}: the last ${announcedEnd - cursor} bytes are missing (packets cut to the snapshot length)`);
  closeRun(announcedEnd > cursor);
  return { runs, notes };
}
