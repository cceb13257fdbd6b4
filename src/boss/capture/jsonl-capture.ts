import { concatBytes } from '../../core/hex.ts';
import { singleBody } from '../codec/frame-message.ts';
import type { Profile } from '../profile/types.ts';
import { CaptureLineError } from './errors.ts';
import { readCaptureRecords } from './jsonl-reader.ts';
import type { CaptureConnection, CaptureItem, CapturePoint, CaptureSet, Direction } from './model.ts';

interface Building {
  readonly key: string;
  readonly connection: number;
  peer: string;
  readonly items: CaptureItem[];
  /** Index in `items` of the last item of each direction, to join bytes that are not a frame. */
  readonly last: Partial<Record<Direction, number>>;
  closedBy?: 'bank' | 'boss';
  opened?: CapturePoint;
  closed?: CapturePoint;
}

/**
 * A JSON-lines capture as connections. Connection numbers are unique between one `start` line and
 * the next (a server that restarts appends to the same file), so a connection is keyed by both.
 * Every `frame` line must hold exactly one frame of the profile's framing. Consecutive
 * `"frame": false` lines of one connection and direction (no frame of that direction between them)
 * are one piece: a recorder writes the bytes after a framing error as they arrive, chunk by chunk,
 * but they are one run of bytes that are not a frame and are replayed at once.
 */
export async function readJsonlCapture(file: string, profile: Profile): Promise<CaptureSet> {
  const connections = new Map<string, Building>();
  let session = 0;
  for await (const { line, record } of readCaptureRecords(file)) {
    if (record.kind === 'start') {
      session++;
      continue;
    }
    const key = `${session}:${record.connection}`;
    let building = connections.get(key);
    if (!building) {
      building = { key, connection: record.connection, peer: record.peer, items: [], last: {} };
      connections.set(key, building);
    }
    if (record.kind === 'open') {
      building.opened ??= { at: record.at, position: line };
      continue;
    }
    if (record.kind === 'close') {
      building.closedBy ??= record.by;
      building.closed ??= { at: record.at, position: line };
      continue;
    }
    if (record.kind === 'frame') {
      try {
        singleBody(profile, record.bytes);
      } catch (error) {
        throw new CaptureLineError(file, line, 'hex', `not one whole frame: ${(error as Error).message} (write "frame": false for bytes that are not a frame)`, { cause: error });
      }
    }
    const previousIndex = building.last[record.direction];
    const previous = previousIndex === undefined ? undefined : building.items[previousIndex];
    if (record.kind === 'raw' && previousIndex !== undefined && previous && !previous.isFrame) {
      const first = previous.source.replace(/^lines? (\d+).*$/, '$1');
      building.items[previousIndex] = { ...previous, bytes: concatBytes(previous.bytes, record.bytes), at: record.at, source: `lines ${first}-${line}` };
      continue;
    }
    building.last[record.direction] = building.items.length;
    building.items.push({ direction: record.direction, bytes: record.bytes, isFrame: record.kind === 'frame', at: record.at, source: `line ${line}`, position: line });
  }
  const sessions = session;
  return {
    file,
    format: 'jsonl',
    notes: [],
    connections: [...connections.values()].map((b, i): CaptureConnection => ({
      index: i + 1,
      label: sessions > 1 ? `connection ${b.connection} (recording ${b.key.split(':')[0]})` : `connection ${b.connection}`,
      peer: b.peer,
      items: b.items,
      notes: [],
      ...(b.closedBy === undefined ? {} : { closedBy: b.closedBy }),
      ...(b.opened === undefined ? {} : { opened: b.opened }),
      ...(b.closed === undefined ? {} : { closed: b.closed }),
    })),
  };
}
