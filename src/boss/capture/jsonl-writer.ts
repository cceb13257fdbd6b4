import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '../../core/clock.ts';
import { CaptureFileError } from './errors.ts';
import { formatCaptureLine } from './jsonl-line.ts';
import { CAPTURE_FORMAT, type CaptureRecord, type ConnectionEventRecord } from './records.ts';
import type { CapturedFrame, FrameTap } from './types.ts';

/**
 * A JSON-lines capture file open for appending: the `FrameTap` a server uses (frames and bytes that
 * are not a frame) and the connection events the capture proxy records too.
 */
export interface CaptureFileWriter extends FrameTap {
  readonly file: string;
  /** Bytes that crossed the connection but are not a frame (`"frame": false`). */
  raw(chunk: CapturedFrame): void;
  /** A connection opened or closed; `at` defaults to the writer's clock. */
  event(event: WithOptionalTime<ConnectionEventRecord>): void;
}

/** A record whose `at` may be left to the writer's clock. */
export type WithOptionalTime<T> = T extends { at: string } ? Omit<T, 'at'> & { at?: string } : never;

/**
 * Opens (creating it and its directory if needed) a capture file for appending, writes a `start`
 * line, then one line per frame. Lines are buffered; `close()` flushes them and resolves once the
 * file is closed, rejecting if any write failed. Frames handed in after `close()` are dropped, so a
 * server shutting down cannot crash on a late frame.
 */
export function openCaptureFile(path: string, options: { clock?: Clock } = {}): CaptureFileWriter {
  const clock = options.clock ?? systemClock;
  const stream = openAppendStream(path);
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const write = (record: CaptureRecord): void => {
    if (closing !== undefined || failure !== undefined) return;
    stream.write(`${formatCaptureLine(record)}\n`);
  };
  const now = (): string => new Date(clock.now()).toISOString();
  write({ kind: 'start', at: now(), format: CAPTURE_FORMAT });
  return {
    file: path,
    frame: (frame) => write({ ...frame, kind: 'frame' }),
    raw: (chunk) => write({ ...chunk, kind: 'raw' }),
    event: (event) => write({ ...event, at: event.at ?? now() } as ConnectionEventRecord),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        const settle = (): void => {
          if (failure) reject(new CaptureFileError(path, `cannot write the capture: ${failure.message}`, { cause: failure }));
          else resolve();
        };
        // 'close' comes after the last byte is written and the descriptor closed, or after an error
        if (stream.closed) settle();
        else stream.once('close', settle).end();
      });
      return closing;
    },
  };
}

/** Opens synchronously so that a bad path fails here, naming the file, not later in an event. */
function openAppendStream(path: string): WriteStream {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a');
  } catch (error) {
    throw new CaptureFileError(path, `cannot open the capture file for appending (${(error as Error).message})`, { cause: error });
  }
  try {
    return createWriteStream('', { fd, autoClose: true });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
