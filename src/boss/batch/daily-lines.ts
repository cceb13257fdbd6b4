import { BossFileError } from '../codec/errors.ts';
import { layoutOf, parseFileName } from '../codec/daily-file.ts';
import { FieldReader, lastName, splitFields } from '../codec/fields.ts';
import { checkValue } from '../codec/format.ts';
import type { FieldDef, FileLayout, Profile } from '../profile/types.ts';

/**
 * A daily file read line by line, with exactly the checks and errors of the codec's
 * `decodeDailyFile` (line ends, every field, then header count, total and date), but without keeping
 * a record per line: each detail is handed to `onDetail` and dropped, so a file of a million lines
 * is read in bounded memory. `test/boss/batch/daily-lines.spec.ts` holds it to the codec.
 * [bank-interface §7: the reader rejects a file whose header count or total does not match its lines]
 */
export interface DailyLinesOptions {
  /** When given, the header's date must be the one in this file name. */
  readonly fileName?: string;
  /**
   * Called for every detail line in file order: its values (a fresh object the callee may keep),
   * its index among the details (0-based; its line number is index + 2) and its first byte.
   */
  readonly onDetail?: (values: Record<string, string>, index: number, start: number) => void;
}

export interface DailyLinesSummary {
  readonly header: Record<string, string>;
  readonly details: number;
}

export function readDailyLines(profile: Profile, id: string, bytes: Uint8Array, options: DailyLinesOptions = {}): DailyLinesSummary {
  const layout = layoutOf(profile, id);
  const fail = (reason: BossFileError['reason'], line: number, field: string, message: string, value?: string, at = bytes): never => {
    throw new BossFileError({ reason, layout: id, line, field, message, bytes: at, ...(value === undefined ? {} : { value }) });
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const end = Buffer.from(profile.files.lineEnd, 'latin1');
  if (!terminated(buffer, end)) return fail('malformed', 0, 'lineEnd', `the file does not end with ${JSON.stringify(profile.files.lineEnd)}`);
  if (buffer.length === 0) return fail('malformed', 1, 'header', 'the file is empty: no header line');

  const syntax = profile.body;
  let lineNo = 0;
  let lineBytes: Uint8Array = bytes;
  const lineFail = (field: string, message: string, value?: string): never => fail('malformed', lineNo, field, message, value, lineBytes);
  /** The codec's own field reader: the reference, and the path every problem line takes. */
  const readSlow = (start: number, stop: number, defs: readonly FieldDef[]): Record<string, string> => {
    lineBytes = bytes.subarray(start, stop);
    const reader = new FieldReader(splitFields(lineBytes, syntax, lineFail), syntax, lineFail);
    const values = reader.elements(defs).fields;
    reader.end(lastName(defs));
    return values;
  };
  const readLine = (start: number, stop: number, defs: readonly FieldDef[]): Record<string, string> =>
    readFast(buffer.toString('latin1', start, stop), defs, syntax) ?? readSlow(start, stop, defs);

  const totals = totalsOf(layout);
  let header: Record<string, string> | undefined;
  let details = 0;
  for (let start = 0; start < buffer.length; ) {
    const at = buffer.indexOf(end, start);
    if (header === undefined) {
      lineNo = 1;
      header = readLine(start, at, layout.header);
    } else {
      lineNo = details + 2;
      const values = readLine(start, at, layout.detail);
      totals.add(values);
      options.onDetail?.(values, details, start);
      details++;
    }
    start = at + end.length;
  }
  if (header === undefined) return fail('malformed', 1, 'header', 'the file is empty: no header line');
  const problem = totals.check(header, details, options.fileName === undefined ? undefined : { fileName: options.fileName, date: parseFileName(profile, options.fileName)?.date });
  if (problem) fail(problem.reason, 1, problem.field, problem.message, problem.value);
  return { header, details };
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A pure-ASCII line whose every field fits: split and checked with the codec's `checkValue`, the
 * values the codec would read. Anything else (a non-ASCII byte, a wrong field count, a missing
 * trailing separator, a bad value) returns undefined and goes the codec's way, which names the
 * problem exactly as `decodeDailyFile` does. On ASCII bytes every encoding the codec knows decodes
 * to the same characters and a GBK-aware split is a plain split, so both ways agree.
 */
function readFast(line: string, defs: readonly FieldDef[], syntax: Profile['body']): Record<string, string> | undefined {
  if (syntax.separator.length !== 1 || NON_ASCII.test(line)) return undefined;
  const pieces = line.split(syntax.separator);
  if (syntax.trailingSeparator && pieces.pop() !== '') return undefined;
  if (pieces.length !== defs.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < defs.length; i++) {
    const def = defs[i] as FieldDef;
    const text = pieces[i] as string;
    if (checkValue(def.format, text, syntax.separator) !== undefined) return undefined;
    values[def.name] = text;
  }
  return values;
}

/** The codec's rule: every line, the last one included, ends with the line end. */
function terminated(buffer: Buffer, end: Buffer): boolean {
  for (let start = 0; start < buffer.length; ) {
    const at = buffer.indexOf(end, start);
    if (at < 0) return false;
    start = at + end.length;
  }
  return true;
}

interface Problem {
  reason: 'countMismatch' | 'totalMismatch' | 'dateMismatch';
  field: string;
  message: string;
  value: string;
}

/** The header checks of `layout.checks`, fed one detail at a time; messages as the codec words them. */
function totalsOf(layout: FileLayout): {
  add(values: Record<string, string>): void;
  check(header: Record<string, string>, details: number, named: { fileName: string; date: string | undefined } | undefined): Problem | undefined;
} {
  const { count, total, date } = layout.checks;
  const where = Object.entries(total?.where ?? {});
  let sum = 0n;
  let summed = 0;
  return {
    add(values) {
      if (total === undefined || !where.every(([k, v]) => values[k] === v)) return;
      sum += BigInt(values[total.sum] ?? '0');
      summed++;
    },
    check(header, details, named) {
      if (count !== undefined && header[count] !== String(details)) {
        return { reason: 'countMismatch', field: count, message: `header says ${header[count]}, the file has ${details} detail lines`, value: header[count] ?? '' };
      }
      if (total !== undefined && header[total.field] !== sum.toString()) {
        return {
          reason: 'totalMismatch',
          field: total.field,
          message: `header says ${header[total.field]}, the ${total.sum} of ${summed} lines sum to ${sum}`,
          value: header[total.field] ?? '',
        };
      }
      if (date !== undefined && named !== undefined && named.date !== header[date]) {
        const says = named.date === undefined ? 'fits no layout' : `says ${named.date}`;
        return { reason: 'dateMismatch', field: date, message: `header says ${header[date]}, the file name ${named.fileName} ${says}`, value: header[date] ?? '' };
      }
      return undefined;
    },
  };
}
