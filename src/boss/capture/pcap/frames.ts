import { concatBytes } from '../../../core/hex.ts';
import { FrameSplitter } from '../frame-splitter.ts';
import type { CaptureItem, Direction } from '../model.ts';
import type { Profile } from '../../profile/types.ts';
import { isoTime } from './packet.ts';
import type { DirectionStream, StreamRun } from './stream.ts';

/** A capture item with the packet that completed it, for putting both directions in order. */
export interface OrderedItem {
  readonly item: CaptureItem;
  readonly ordinal: number;
  readonly offset: number;
}

/**
 * Cuts one reassembled direction into frames. Bytes that are not a frame are kept (garbage the
 * bank sent is replayed raw) except where a hole in the capture, or a capture that starts without
 * the TCP handshake, explains them: the partial frame before a hole, and whatever precedes the first
 * whole frame after a hole or at an unseen start, are left out, with a note. After a framing error
 * the rest of the run is one piece of bytes that are not a frame, however many packets carried it.
 */
export function directionFrames(stream: DirectionStream, direction: Direction, framing: Profile['framing'], name: string): { items: OrderedItem[]; notes: string[] } {
  const items: OrderedItem[] = [];
  const notes: string[] = [];
  for (const run of stream.runs) {
    const unsure = run.afterGap || run.startUnseen;
    const start = unsure ? resynchronise(run, framing) : 0;
    if (start > 0) notes.push(skippedAtStart(run, start, name));
    const splitter = new FrameSplitter(framing);
    // packet by packet, as the bytes arrived: the decoder's buffer stays one frame long
    const pieces = segmentBounds(run, start).flatMap(([from, to]) => splitter.push(run.bytes.subarray(from, to)));
    const leftover = splitter.end();
    const all = leftover ? [...pieces, { ...leftover, leftover: true }] : pieces;
    let raw: { first: OrderedItem; chunks: Uint8Array[]; last: { ordinal: number; timeNs: bigint } } | undefined;
    const flushRaw = (): void => {
      if (!raw) return;
      const { first, chunks, last } = raw;
      const source = last.ordinal === first.ordinal ? first.item.source : `packets ${first.ordinal}-${last.ordinal}`;
      items.push({ ...first, item: { ...first.item, bytes: concatBytes(...chunks), at: isoTime(last.timeNs), source } });
      raw = undefined;
    };
    for (const piece of all) {
      const inRun = start + piece.offset;
      const offset = run.offset + inRun;
      const explained = !piece.isFrame && (unsure || ('leftover' in piece && run.beforeGap));
      if (explained) {
        const why = run.afterGap || !run.startUnseen ? 'a hole in the capture' : 'the capture starting without the TCP handshake';
        notes.push(`${name}: ${piece.bytes.length} bytes at stream offset ${offset} are not a whole frame because of ${why}; left out`);
        continue;
      }
      const completion = completingPiece(run, inRun, inRun + piece.bytes.length);
      if (!piece.isFrame && raw) {
        // a continuation of bytes that are not a frame: the same piece, sent at once on replay
        raw.chunks.push(piece.bytes);
        if (completion.ordinal > raw.last.ordinal) raw.last = completion;
        continue;
      }
      flushRaw();
      const ordered: OrderedItem = {
        item: { direction, bytes: piece.bytes, isFrame: piece.isFrame, at: isoTime(completion.timeNs), source: `packet ${completion.ordinal}`, position: completion.ordinal },
        ordinal: completion.ordinal,
        offset,
      };
      if (piece.isFrame) items.push(ordered);
      else raw = { first: ordered, chunks: [piece.bytes], last: completion };
    }
    flushRaw();
  }
  return { items, notes };
}

function skippedAtStart(run: StreamRun, start: number, name: string): string {
  if (run.afterGap) return `${name}: ${start} bytes at stream offset ${run.offset} after a hole in the capture are not a whole frame; left out`;
  return `${name}: the capture starts without the TCP handshake, inside a frame: the first ${start} bytes are left out, framing resumes at the next whole frame`;
}

/**
 * After a hole, or at a start the capture did not see, the bytes may begin inside a frame. Frames
 * usually start a segment, so framing is tried from each segment start in turn: the first start from
 * which the next frames (up to three, or to the end of the run) are all whole wins; failing that, the
 * first from which at least one whole frame comes (bytes inside a frame can look like a length
 * prefix by chance, so one frame alone is weak evidence). Returns that start within the run (the
 * run's length when none does: the whole run is left out).
 */
function resynchronise(run: StreamRun, framing: Profile['framing']): number {
  const starts = [...new Set(run.pieces.map((p) => p.start - run.offset))].sort((a, b) => a - b);
  let fallback: number | undefined;
  for (const start of starts) {
    const found = framesFrom(run, start, framing);
    if (found === 'frames') return start;
    if (found === 'one' && fallback === undefined) fallback = start;
  }
  return fallback ?? run.bytes.length;
}

/** Whether whole frames follow `start`: only frames (`frames`), a frame and then not (`one`), or none. */
function framesFrom(run: StreamRun, start: number, framing: Profile['framing']): 'frames' | 'one' | 'none' {
  const wanted = 3;
  const step = framing.lengthDigits + framing.maxBody;
  const splitter = new FrameSplitter(framing);
  let frames = 0;
  for (let at = start; at < run.bytes.length && frames < wanted; at += step) {
    for (const piece of splitter.push(run.bytes.subarray(at, at + step))) {
      if (!piece.isFrame) return frames > 0 ? 'one' : 'none';
      frames++;
    }
  }
  return frames > 0 ? 'frames' : 'none';
}

/** [from, to) within the run of each packet's bytes from `start` on. */
function segmentBounds(run: StreamRun, start: number): [number, number][] {
  const bounds: [number, number][] = [];
  for (const piece of run.pieces) {
    const from = Math.max(start, piece.start - run.offset);
    const to = piece.end - run.offset;
    if (to > from) bounds.push([from, to]);
  }
  return bounds;
}

/** The latest packet (in capture order) that supplied bytes to [start, end) of the run. */
function completingPiece(run: StreamRun, start: number, end: number): { ordinal: number; timeNs: bigint } {
  // pieces are in stream order and do not overlap: find the first one ending after `start`
  const pieces = run.pieces;
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((pieces[mid]?.end ?? 0) - run.offset > start) high = mid;
    else low = mid + 1;
  }
  let best = { ordinal: 0, timeNs: 0n };
  for (let i = low; i < pieces.length; i++) {
    const piece = pieces[i] as StreamRun['pieces'][number];
    if (piece.start - run.offset >= end) break;
    if (piece.ordinal > best.ordinal) best = piece;
  }
  return best;
}
