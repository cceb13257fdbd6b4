import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CaptureFileError, CaptureLineError } from './errors.ts';
import type { CaptureRecord } from './records.ts';

/** A record and the 1-based line it was read from. */
export interface NumberedRecord {
  readonly line: number;
  readonly record: CaptureRecord;
}

/**
 * Reads a JSON-lines capture a line at a time (the file is never held whole). Blank lines are
 * skipped; unknown keys are ignored; anything else wrong stops the read with a CaptureLineError
 * naming the line and the key. docs/boss/capture.md §1
 */
export async function* readCaptureRecords(file: string): AsyncGenerator<NumberedRecord> {
  const input = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (error) => reject(new CaptureFileError(file, `cannot read the capture (${error.message})`, { cause: error })));
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of readLines(lines, file)) {
      number++;
      if (text.trim() === '') continue;
      yield { line: number, record: parseCaptureLine(text, file, number) };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The lines, with a read failing part-way (a directory, an I/O error) as a CaptureFileError naming the file. */
async function* readLines(lines: AsyncIterable<string>, file: string): AsyncGenerator<string> {
  const iterator = lines[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw new CaptureFileError(file, `cannot read the capture (${(error as Error).message})`, { cause: error });
    }
    if (next.done) return;
    yield next.value;
  }
}

/** One line → one record; `file` and `line` only go into errors. */
export function parseCaptureLine(text: string, file: string, line: number): CaptureRecord {
  const fail = (field: string, message: string): never => {
    throw new CaptureLineError(file, line, field, message);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('(line)', `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('(line)', 'not a JSON object');
  const fields = new LineFields(value as Record<string, unknown>, fail);
  const at = fields.time('at');
  const event = fields.optionalString('event');
  if (event === 'start') return { kind: 'start', at, format: fields.string('format') };
  if (event === 'open' || event === 'close') {
    const by = fields.optionalString('by');
    if (by !== undefined && by !== 'bank' && by !== 'boss') fail('by', `"${by}" is neither "bank" nor "boss"`);
    const base = { at, connection: fields.connection(), peer: fields.string('peer') };
    if (event === 'open') return { ...base, kind: 'open' };
    return by === undefined ? { ...base, kind: 'close' } : { ...base, kind: 'close', by: by as 'bank' | 'boss' };
  }
  if (event !== undefined) return fail('event', `"${event}" is not start, open or close`);
  const direction = fields.string('direction');
  if (direction !== 'request' && direction !== 'response') return fail('direction', `"${direction}" is neither "request" nor "response"`);
  const frame = fields.raw('frame');
  if (frame !== undefined && typeof frame !== 'boolean') fail('frame', 'must be true or false');
  const record = { at, connection: fields.connection(), direction, peer: fields.string('peer'), bytes: fields.hex('hex') } as const;
  return frame === false ? { ...record, kind: 'raw' } : { ...record, kind: 'frame' };
}

/** Typed access to one line's keys; every failure names the key. */
class LineFields {
  constructor(
    private readonly object: Record<string, unknown>,
    private readonly fail: (field: string, message: string) => never,
  ) {}

  raw(key: string): unknown {
    return this.object[key];
  }

  string(key: string): string {
    const value = this.object[key];
    if (value === undefined) return this.fail(key, 'missing');
    if (typeof value !== 'string') return this.fail(key, `must be a string, not ${JSON.stringify(value)}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.object[key] === undefined ? undefined : this.string(key);
  }

  time(key: string): string {
    const value = this.string(key);
    // ISO 8601 with a date and a time; Date.parse alone would take "1" as a year
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(Date.parse(value))) {
      return this.fail(key, `"${value}" is not an ISO 8601 time such as 2026-11-23T02:15:00.000Z`);
    }
    return value;
  }

  connection(): number {
    const value = this.object.connection;
    if (value === undefined) return this.fail('connection', 'missing');
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return this.fail('connection', `must be a whole number >= 0, not ${JSON.stringify(value)}`);
    }
    return value;
  }

  hex(key: string): Uint8Array {
    const value = this.string(key).replace(/\s+/g, '');
    const bad = /[^0-9a-fA-F]/.exec(value);
    if (bad) return this.fail(key, `'${bad[0]}' at position ${bad.index} is not a hex digit`);
    if (value.length % 2 !== 0) return this.fail(key, `odd number of hex digits (${value.length})`);
    if (value.length === 0) return this.fail(key, 'no bytes');
    return Uint8Array.from(Buffer.from(value, 'hex'));
  }
}
