import type { FileLayout, Profile } from '../profile/types.ts';
import { BossEncodeError, BossFileError } from './errors.ts';
import { encodeElements, FieldReader, joinFields, lastName, splitFields } from './fields.ts';

/**
 * Daily exchange files: one header line, then detail lines, every line ending in the profile's line
 * end (CRLF); fields as in messages. The header's count and total must agree with the lines, and
 * its date with the file name. [bank-interface §7]
 */
export interface DailyFile {
  /** Layout id in the profile: `DK`, `YH`, `XJMX`, `DKMX`. */
  layout: string;
  header: Record<string, string>;
  details: Record<string, string>[];
}

export interface FileOptions {
  /** Check the header against the lines (default true); false lets an emulator write a bad file. */
  check?: boolean;
  /** When given, the header's date must be the one in this file name. */
  fileName?: string;
}

export function layoutOf(profile: Profile, id: string): FileLayout {
  const layout = profile.files.layouts[id];
  if (!layout) throw new BossEncodeError('layout', `no file layout '${id}' in ${profile.profile}`, id);
  return layout;
}

/** `DK{YYYYMMDD}.TXT` with the date filled in; the flag file is this plus `files.flagSuffix`. */
export function fileNameFor(profile: Profile, id: string, date: string): string {
  if (!/^\d{8}$/.test(date)) throw new BossEncodeError('date', `'${date}' is not YYYYMMDD`, date);
  return layoutOf(profile, id).name.replace('{YYYYMMDD}', date);
}

export function flagNameFor(profile: Profile, fileName: string): string {
  return fileName + profile.files.flagSuffix;
}

/** The layout and date a file name denotes, or undefined when no layout's pattern fits. */
export function parseFileName(profile: Profile, fileName: string): { layout: string; date: string } | undefined {
  for (const layout of Object.values(profile.files.layouts)) {
    const [before = '', after = ''] = layout.name.split('{YYYYMMDD}');
    if (fileName.length === before.length + 8 + after.length && fileName.startsWith(before) && fileName.endsWith(after)) {
      const date = fileName.slice(before.length, before.length + 8);
      if (/^\d{8}$/.test(date)) return { layout: layout.id, date };
    }
  }
  return undefined;
}

export function encodeDailyFile(profile: Profile, file: DailyFile, options: FileOptions = {}): Uint8Array {
  const layout = layoutOf(profile, file.layout);
  if (options.check !== false) {
    const problem = checkTotals(layout, file, options.fileName === undefined ? undefined : namedDate(profile, options.fileName));
    if (problem) throw new BossEncodeError(problem.field, problem.message, problem.value);
  }
  const lineEnd = Buffer.from(profile.files.lineEnd, 'latin1');
  const line = (defs: FileLayout['header'], values: Record<string, string>, where: string): Buffer => {
    try {
      return Buffer.concat([Buffer.from(joinFields(encodeElements(defs, { fields: values, groups: {} }, `the ${layout.id} ${where} line`, profile.body), profile.body)), lineEnd]);
    } catch (error) {
      // name the line as well as the field: details[3].AMOUNT
      if (error instanceof BossEncodeError) throw new BossEncodeError(`${where}.${error.field}`, error.message.slice(error.field.length + 2), error.value);
      throw error;
    }
  };
  const lines = [line(layout.header, file.header, 'header')];
  file.details.forEach((detail, i) => lines.push(line(layout.detail, detail, `details[${i}]`)));
  return Uint8Array.from(Buffer.concat(lines));
}

export function decodeDailyFile(profile: Profile, id: string, bytes: Uint8Array, options: FileOptions = {}): DailyFile {
  const layout = layoutOf(profile, id);
  const fail = (reason: BossFileError['reason'], line: number, field: string, message: string, value?: string, at = bytes): never => {
    throw new BossFileError({ reason, layout: id, line, field, message, bytes: at, ...(value === undefined ? {} : { value }) });
  };
  const lines = splitLines(bytes, profile.files.lineEnd);
  if (lines === undefined) return fail('malformed', 0, 'lineEnd', `the file does not end with ${JSON.stringify(profile.files.lineEnd)}`);
  const readLine = (index: number, defs: FileLayout['header']): Record<string, string> => {
    const lineBytes = lines[index] ?? new Uint8Array(0);
    const lineFail = (field: string, message: string, value?: string): never => fail('malformed', index + 1, field, message, value, lineBytes);
    const reader = new FieldReader(splitFields(lineBytes, profile.body, lineFail), profile.body, lineFail);
    const values = reader.elements(defs).fields;
    reader.end(lastName(defs));
    return values;
  };
  if (lines.length === 0) return fail('malformed', 1, 'header', 'the file is empty: no header line');
  const file: DailyFile = { layout: id, header: readLine(0, layout.header), details: [] };
  for (let i = 1; i < lines.length; i++) file.details.push(readLine(i, layout.detail));
  if (options.check !== false) {
    const problem = checkTotals(layout, file, options.fileName === undefined ? undefined : namedDate(profile, options.fileName));
    if (problem) fail(problem.reason, 1, problem.field, problem.message, problem.value);
  }
  return file;
}

/** Lines without their line ends, or undefined when the last line is not terminated. */
function splitLines(bytes: Uint8Array, lineEnd: string): Uint8Array[] | undefined {
  const end = Buffer.from(lineEnd, 'latin1');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const lines: Uint8Array[] = [];
  let start = 0;
  while (start < buffer.length) {
    const at = buffer.indexOf(end, start);
    if (at < 0) return undefined;
    lines.push(bytes.subarray(start, at));
    start = at + end.length;
  }
  return lines;
}

interface Problem {
  reason: 'countMismatch' | 'totalMismatch' | 'dateMismatch';
  field: string;
  message: string;
  value?: string;
}

function namedDate(profile: Profile, fileName: string): { fileName: string; date: string | undefined } {
  return { fileName, date: parseFileName(profile, fileName)?.date };
}

function checkTotals(layout: FileLayout, file: DailyFile, named: { fileName: string; date: string | undefined } | undefined): Problem | undefined {
  const { count, total, date } = layout.checks;
  if (count !== undefined && file.header[count] !== String(file.details.length)) {
    return { reason: 'countMismatch', field: count, message: `header says ${file.header[count]}, the file has ${file.details.length} detail lines`, value: file.header[count] ?? '' };
  }
  if (total !== undefined) {
    const lines = file.details.filter((d) => Object.entries(total.where ?? {}).every(([k, v]) => d[k] === v));
    const sum = lines.reduce((acc, d) => acc + BigInt(d[total.sum] ?? '0'), 0n);
    if (file.header[total.field] !== sum.toString()) {
      return { reason: 'totalMismatch', field: total.field, message: `header says ${file.header[total.field]}, the ${total.sum} of ${lines.length} lines sum to ${sum}`, value: file.header[total.field] ?? '' };
    }
  }
  if (date !== undefined && named !== undefined && named.date !== file.header[date]) {
    const says = named.date === undefined ? 'fits no layout' : `says ${named.date}`;
    return { reason: 'dateMismatch', field: date, message: `header says ${file.header[date]}, the file name ${named.fileName} ${says}`, value: file.header[date] ?? '' };
  }
  return undefined;
}
