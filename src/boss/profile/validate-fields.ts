import { ProfileError } from './errors.ts';
import { arr, at, int, map, obj, oneOf, str, type Json } from './json.ts';
import type { FieldDef, FieldElement, FieldFormat, FormatKind, TextEncodingName } from './types.ts';

export const ENCODINGS: readonly TextEncodingName[] = ['ascii', 'gbk', 'utf-8'];
export const FORMAT_KINDS: readonly FormatKind[] = ['digits', 'alnum', 'date', 'time', 'month', 'amount', 'integer', 'text', 'enum', 'const'];
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const SAFE_VALUE = /^[\x20-\x7e]+$/;

/** What field lists are read against: the named formats and the defaults they inherit. */
export interface FieldContext {
  readonly formats: ReadonlyMap<string, FieldFormat>;
  readonly separator: string;
  /** Every text encoding used, collected while reading (GBK and UTF-8 cannot be mixed). */
  readonly encodingsUsed: Map<TextEncodingName, string>;
}

/** One format object (named in `formats` or written inline in a field). [bank-interface §2, §3] */
export function readFormat(value: Json, path: string, defaultEncoding: TextEncodingName, separator: string): FieldFormat {
  const kind = oneOf(obj(value, path, ['kind', 'min', 'max', 'maxDigits', 'encoding', 'values', 'value']).kind, at(path, 'kind'), FORMAT_KINDS);
  const record = obj(value, path, keysOf(kind));
  const range = (lo: number, hi: number): { min: number; max: number } => {
    const min = int(record.min, at(path, 'min'), lo, hi);
    const max = int(record.max, at(path, 'max'), lo, hi);
    if (min > max) throw new ProfileError(at(path, 'max'), `${max} is below min ${min}`);
    return { min, max };
  };
  switch (kind) {
    case 'digits':
    case 'alnum':
      return { kind, ...range(0, 8192) };
    case 'date':
    case 'time':
    case 'month':
      return { kind };
    case 'amount':
      return { kind, min: int(record.min, at(path, 'min'), 0, 1), maxDigits: int(record.maxDigits, at(path, 'maxDigits'), 1, 18) };
    case 'integer':
      return { kind, ...range(0, Number.MAX_SAFE_INTEGER) };
    case 'text': {
      const encoding = record.encoding === undefined ? defaultEncoding : oneOf(record.encoding, at(path, 'encoding'), ENCODINGS);
      return { kind, ...range(0, 8192), encoding };
    }
    case 'enum': {
      const entries = map(record.values, at(path, 'values'));
      if (entries.length === 0) throw new ProfileError(at(path, 'values'), 'must list at least one value');
      const values: Record<string, string> = {};
      for (const [key, meaning] of entries) {
        safeValue(key, at(at(path, 'values'), key), separator);
        values[key] = str(meaning, at(at(path, 'values'), key));
      }
      return { kind, values };
    }
    case 'const':
      return { kind, value: safeValue(str(record.value, at(path, 'value')), at(path, 'value'), separator) };
  }
}

function keysOf(kind: FormatKind): string[] {
  if (kind === 'digits' || kind === 'alnum' || kind === 'integer') return ['kind', 'min', 'max'];
  if (kind === 'amount') return ['kind', 'min', 'maxDigits'];
  if (kind === 'text') return ['kind', 'min', 'max', 'encoding'];
  if (kind === 'enum') return ['kind', 'values'];
  if (kind === 'const') return ['kind', 'value'];
  return ['kind'];
}

function safeValue(value: string, path: string, separator: string): string {
  if (!SAFE_VALUE.test(value) || value.includes(separator)) {
    throw new ProfileError(path, `'${value}' must be printable ASCII without the separator '${separator}'`);
  }
  return value;
}

/** A field `{ name, format }`; format is the name of an entry of `formats` or an inline format. */
export function readField(value: Json, path: string, context: FieldContext, defaultEncoding: TextEncodingName): FieldDef {
  const record = obj(value, path, ['name', 'format']);
  const name = str(record.name, at(path, 'name'), NAME, 'a field name (a letter, then letters, digits, _)');
  const formatPath = at(path, 'format');
  let format: FieldFormat;
  if (typeof record.format === 'string') {
    const named = context.formats.get(record.format);
    if (!named) throw new ProfileError(formatPath, `no format named '${record.format}' in formats`);
    format = named;
  } else {
    format = readFormat(record.format, formatPath, defaultEncoding, context.separator);
  }
  if (format.kind === 'text' && format.encoding !== 'ascii' && !context.encodingsUsed.has(format.encoding)) {
    context.encodingsUsed.set(format.encoding, formatPath);
  }
  if (context.encodingsUsed.has('gbk') && context.encodingsUsed.has('utf-8')) {
    throw new ProfileError(formatPath, 'GBK and UTF-8 text fields cannot be mixed in one profile (separators could not be found in both)');
  }
  return { kind: 'field', name, format };
}

/** A list of fields and repeating groups, as in a transaction's request or response. [§4] */
export function readElements(value: Json, path: string, context: FieldContext, defaultEncoding: TextEncodingName, allowGroups: boolean): FieldElement[] {
  const elements: FieldElement[] = [];
  const seen = new Set<string>();
  arr(value, path).forEach((item, i) => {
    const itemPath = at(path, i);
    if (allowGroups && typeof item === 'object' && item !== null && 'group' in item) {
      const record = obj(item, itemPath, ['group', 'count', 'fields']);
      const group = str(record.group, at(itemPath, 'group'), NAME, 'a group name');
      const count = str(record.count, at(itemPath, 'count'));
      const counter = elements.find((e) => e.kind === 'field' && e.name === count);
      if (!counter || counter.kind !== 'field') throw new ProfileError(at(itemPath, 'count'), `'${count}' is not a field before this group`);
      if (counter.format.kind !== 'integer') throw new ProfileError(at(itemPath, 'count'), `'${count}' must have an integer format`);
      const fields = readElements(record.fields, at(itemPath, 'fields'), context, defaultEncoding, false) as FieldDef[];
      if (fields.length === 0) throw new ProfileError(at(itemPath, 'fields'), 'a group needs at least one field');
      unique(group, seen, at(itemPath, 'group'));
      elements.push({ kind: 'group', group, count, fields });
    } else {
      const field = readField(item, itemPath, context, defaultEncoding);
      unique(field.name, seen, at(itemPath, 'name'));
      elements.push(field);
    }
  });
  return elements;
}

function unique(name: string, seen: Set<string>, path: string): void {
  if (seen.has(name)) throw new ProfileError(path, `'${name}' appears twice in this list`);
  seen.add(name);
}
