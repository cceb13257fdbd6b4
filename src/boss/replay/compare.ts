import { decodeResponse, type BossMessage } from '../codec/message.ts';
import type { FieldDef, Profile } from '../profile/types.ts';
import { isVolatile } from '../profile/volatile.ts';
import { readableText } from '../codec/readable.ts';
import type { FieldDifference } from './types.ts';

export interface Comparison {
  readonly differences: readonly FieldDifference[];
  /** Volatile fields that differed and were not counted. */
  readonly ignored: readonly string[];
}

/**
 * Compares a replayed answer body with the captured one field by field, after decoding both with
 * the profile. Fields the profile marks volatile (by name, or by format kind: BOSSSERIAL, times)
 * are not counted [profile `volatile`], nor fields named in `ignore` (`--ignore RESPMSG`; a name
 * covers the field wherever it is, group entries included). When an answer does not decode, the
 * bodies are compared byte for byte.
 */
export function compareAnswers(profile: Profile, expected: Uint8Array, actual: Uint8Array, ignore: ReadonlySet<string> = new Set()): Comparison {
  const want = tryDecode(profile, expected);
  const got = tryDecode(profile, actual);
  if ('error' in want || 'error' in got) {
    if (Buffer.from(expected).equals(Buffer.from(actual))) return { differences: [], ignored: [] };
    if ('error' in want && 'error' in got) return { differences: [{ field: '(body)', expected: readableText(expected), actual: readableText(actual) }], ignored: [] };
    return {
      differences: [{ field: '(decode)', expected: 'error' in want ? `does not decode: ${want.error}` : 'decodes', actual: 'error' in got ? `does not decode: ${got.error}` : 'decodes' }],
      ignored: [],
    };
  }
  const wantFields = flatten(profile, want.message);
  const gotFields = flatten(profile, got.message);
  const differences: FieldDifference[] = [];
  const ignored: string[] = [];
  for (const path of new Set([...wantFields.keys(), ...gotFields.keys()])) {
    const w = wantFields.get(path);
    const g = gotFields.get(path);
    if (w?.value === g?.value) continue;
    const def = w?.def ?? g?.def;
    if (ignore.has(fieldName(path)) || (def && isVolatile(profile, def.name, def.format))) {
      ignored.push(path);
      continue;
    }
    differences.push({ field: path, ...(w ? { expected: w.value } : {}), ...(g ? { actual: g.value } : {}) });
  }
  return { differences, ignored };
}

/** `BILLS[1].AMOUNT` → `AMOUNT`. */
function fieldName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** Every field name an answer of this profile can carry: what `--ignore` may name. */
export function responseFieldNames(profile: Profile): Set<string> {
  const names = new Set([profile.response.txcodeField, ...profile.response.header.map((d) => d.name)]);
  for (const transaction of Object.values(profile.transactions)) {
    for (const element of transaction.response) {
      if (element.kind === 'field') names.add(element.name);
      else for (const field of element.fields) names.add(field.name);
    }
  }
  return names;
}

function tryDecode(profile: Profile, body: Uint8Array): { message: BossMessage } | { error: string } {
  try {
    return { message: decodeResponse(profile, body) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Every value of a decoded answer by path, with the definition that says whether it is volatile. */
function flatten(profile: Profile, message: BossMessage): Map<string, { value: string; def: FieldDef | undefined }> {
  const out = new Map<string, { value: string; def: FieldDef | undefined }>();
  const header = new Map(profile.response.header.map((d) => [d.name, d]));
  out.set(profile.response.txcodeField, { value: message.txcode, def: header.get(profile.response.txcodeField) });
  for (const [name, value] of Object.entries(message.header)) out.set(name, { value, def: header.get(name) });
  const elements = profile.transactions[message.txcode]?.response ?? [];
  for (const [name, value] of Object.entries(message.fields)) {
    const def = elements.find((e): e is FieldDef => e.kind === 'field' && e.name === name);
    out.set(name, { value, def });
  }
  for (const [group, records] of Object.entries(message.groups)) {
    const groupDef = elements.find((e) => e.kind === 'group' && e.group === group);
    records.forEach((record, i) => {
      for (const [name, value] of Object.entries(record)) {
        const def = groupDef?.kind === 'group' ? groupDef.fields.find((f) => f.name === name) : undefined;
        out.set(`${group}[${i}].${name}`, { value, def });
      }
    });
  }
  return out;
}
