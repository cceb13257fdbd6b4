import { toHex } from '../../core/hex.ts';
import type { FieldDef, FieldElement, Profile } from '../profile/types.ts';
import { BossEncodeError } from './errors.ts';
import { checkValue, fieldEncoding } from './format.ts';
import { gbkCharLength } from './gbk.ts';
import { decodeText, encodeText } from './text.ts';

/**
 * The field layer shared by messages and daily-file lines: a separated list of values, fields and
 * repeating groups read and written by the profile. [bank-interface §2, §4, §7]
 */
export type Syntax = Profile['body'];

/** Fields and groups of one list: `groups[name]` holds one record per repetition. */
export interface FieldValues {
  fields: Record<string, string>;
  groups: Record<string, Record<string, string>[]>;
}

/** Stops decoding with an error naming `field`; each caller throws its own typed error. */
export type Fail = (field: string, message: string, value?: string) => never;

/** Splits on the separator byte (outside GBK two-byte characters when the profile uses GBK). [§2] */
export function splitFields(bytes: Uint8Array, syntax: Syntax, fail: Fail): Uint8Array[] {
  const sep = syntax.separator.charCodeAt(0);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const step = syntax.gbkAware ? gbkCharLength(bytes, i) : 1;
    if (step === 1 && bytes[i] === sep) {
      pieces.push(bytes.subarray(start, i));
      start = i + 1;
    }
    i += step;
  }
  if (syntax.trailingSeparator) {
    // [§2] the last field is also followed by the separator
    if (start !== bytes.length) fail('body', `does not end with the separator '${syntax.separator}'`);
  } else {
    pieces.push(bytes.subarray(start));
  }
  return pieces;
}

export function joinFields(pieces: readonly Uint8Array[], syntax: Syntax): Uint8Array {
  // one allocation, no intermediate Buffers: this runs for every answer sent
  const sep = syntax.separator.charCodeAt(0);
  let length = pieces.length === 0 ? 0 : pieces.length - 1;
  for (const piece of pieces) length += piece.length;
  if (syntax.trailingSeparator) length++;
  const out = new Uint8Array(length);
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) out[offset++] = sep;
    const piece = pieces[i]!;
    out.set(piece, offset);
    offset += piece.length;
  }
  if (syntax.trailingSeparator) out[offset] = sep;
  return out;
}

/** Reads fields in order from the split pieces, checking each against its format. */
export class FieldReader {
  private index = 0;
  /** Every value read so far, by label: what a failed decode can still report. */
  readonly seen: Record<string, string> = {};

  constructor(
    private readonly pieces: readonly Uint8Array[],
    private readonly syntax: Syntax,
    private readonly fail: Fail,
  ) {}

  field(def: FieldDef, label = def.name): string {
    const piece = this.pieces[this.index];
    if (piece === undefined) this.fail(label, `missing: only ${this.pieces.length} fields`);
    this.index++;
    const encoding = fieldEncoding(def.format);
    const text = decodeText(piece, encoding);
    if (text === undefined) this.fail(label, `bytes ${toHex(piece)} are not ${encoding}`);
    const problem = checkValue(def.format, text, this.syntax.separator);
    if (problem !== undefined) this.fail(label, `'${text}' ${problem}`, text);
    this.seen[label] = text;
    return text;
  }

  elements(elements: readonly FieldElement[]): FieldValues {
    const values: FieldValues = { fields: {}, groups: {} };
    for (const element of elements) {
      if (element.kind === 'field') {
        values.fields[element.name] = this.field(element);
        continue;
      }
      const count = Number(values.fields[element.count]);
      const records: Record<string, string>[] = [];
      for (let n = 0; n < count; n++) {
        const record: Record<string, string> = {};
        for (const def of element.fields) record[def.name] = this.field(def, `${element.group}[${n}].${def.name}`);
        records.push(record);
      }
      values.groups[element.group] = records;
    }
    return values;
  }

  /** Refuses fields beyond the last one defined. */
  end(last: string): void {
    const extra = this.pieces[this.index];
    if (extra !== undefined) {
      const shown = Buffer.from(extra).toString('latin1');
      this.fail(`(extra after ${last})`, `${this.pieces.length} fields, ${this.pieces.length - this.index} more than defined`, shown);
    }
  }
}

/** One value checked against its format and encoded; `label` names it in errors. */
export function encodeValue(def: FieldDef, value: string | undefined, label: string, syntax: Syntax): Uint8Array {
  if (value === undefined) throw new BossEncodeError(label, 'missing');
  const problem = checkValue(def.format, value, syntax.separator);
  if (problem !== undefined) throw new BossEncodeError(label, `'${value}' ${problem}`, value);
  const encoded = encodeText(value, fieldEncoding(def.format));
  if ('problem' in encoded) throw new BossEncodeError(label, encoded.problem, value);
  return encoded.bytes;
}

/** Encodes fields and groups in profile order; refuses unknown names and counts that disagree. */
export function encodeElements(elements: readonly FieldElement[], values: FieldValues, where: string, syntax: Syntax): Uint8Array[] {
  const { known, knownGroups } = namesOf(elements);
  for (const name of Object.keys(values.fields)) if (!known.has(name)) throw new BossEncodeError(name, `not a field of ${where}`);
  for (const name of Object.keys(values.groups)) if (!knownGroups.has(name)) throw new BossEncodeError(name, `not a group of ${where}`);
  const pieces: Uint8Array[] = [];
  for (const element of elements) {
    if (element.kind === 'field') {
      pieces.push(encodeValue(element, values.fields[element.name], element.name, syntax));
      continue;
    }
    const records = values.groups[element.group] ?? [];
    if (values.fields[element.count] !== String(records.length)) {
      throw new BossEncodeError(element.count, `says ${values.fields[element.count]} but ${element.group} has ${records.length} entries`);
    }
    records.forEach((record, n) => {
      for (const name of Object.keys(record)) {
        if (!element.fields.some((f) => f.name === name)) throw new BossEncodeError(`${element.group}[${n}].${name}`, `not a field of ${where}`);
      }
      for (const def of element.fields) pieces.push(encodeValue(def, record[def.name], `${element.group}[${n}].${def.name}`, syntax));
    });
  }
  return pieces;
}

interface ElementNames {
  readonly known: ReadonlySet<string>;
  readonly knownGroups: ReadonlySet<string>;
}

/** The field and group names of a list, worked out once per profile list (profiles are immutable). */
const namesCache = new WeakMap<readonly FieldElement[], ElementNames>();

function namesOf(elements: readonly FieldElement[]): ElementNames {
  let names = namesCache.get(elements);
  if (names === undefined) {
    names = {
      known: new Set(elements.filter((e) => e.kind === 'field').map((e) => (e as FieldDef).name)),
      knownGroups: new Set(elements.flatMap((e) => (e.kind === 'group' ? [e.group] : []))),
    };
    namesCache.set(elements, names);
  }
  return names;
}

/** Name of the last field of a list, for "extra after" messages. */
export function lastName(elements: readonly FieldElement[]): string {
  const last = elements[elements.length - 1];
  if (!last) return '(start)';
  return last.kind === 'field' ? last.name : `${last.group}[]`;
}
