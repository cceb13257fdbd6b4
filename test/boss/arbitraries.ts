import fc from 'fast-check';
import type { BossMessage } from '../../src/boss/codec/message.ts';
import type { FieldDef, FieldElement, FieldFormat, Profile } from '../../src/boss/profile/types.ts';
import { byteLength } from '../../src/boss/codec/text.ts';

/** Values valid for each field format, so that round-trip properties test the codec, not the checks. */
const DIGITS = '0123456789'.split('');
const ALNUM = [...DIGITS, ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
const PRINTABLE = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i));
/** Chinese text for GBK fields, including 亅 (81 7C): a trail byte equal to '|'. */
const HANZI = ['张', '三', '人', '民', '路', '号', '亅', '€'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function valueOf(format: FieldFormat, separator: string): fc.Arbitrary<string> {
  const run = (chars: string[], min: number, max: number) => fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: Math.min(max, min + 24) });
  switch (format.kind) {
    case 'digits':
      return run(DIGITS, format.min, format.max);
    case 'alnum':
      return run(ALNUM, format.min, format.max);
    case 'date':
      return fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true }).map(
        (d) => `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`,
      );
    case 'time':
      return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 })).map(([h, m, s]) => pad(h, 2) + pad(m, 2) + pad(s, 2));
    case 'month':
      return fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => pad(y, 4) + pad(m, 2));
    case 'amount':
      return fc.bigInt({ min: BigInt(format.min), max: 10n ** BigInt(format.maxDigits) - 1n }).map(String);
    case 'integer':
      return fc.integer({ min: format.min, max: Math.min(format.max, Number.MAX_SAFE_INTEGER) }).map(String);
    case 'text': {
      const chars = PRINTABLE.filter((c) => c !== separator);
      const unit = format.encoding === 'ascii' ? fc.constantFrom(...chars) : fc.oneof(fc.constantFrom(...chars), fc.constantFrom(...HANZI));
      return fc
        .string({ unit, minLength: 0, maxLength: Math.min(format.max, 30) })
        .filter((s) => {
          const length = byteLength(s, format.encoding) ?? -1;
          return length >= format.min && length <= format.max;
        });
    }
    case 'enum':
      return fc.constantFrom(...Object.keys(format.values));
    case 'const':
      return fc.constant(format.value);
  }
}

function record(defs: readonly FieldDef[], separator: string): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(defs.map((d) => [d.name, valueOf(d.format, separator)])));
}

/** Fields and groups of a list; group sizes stay small (0..4) so bodies stay under the maximum. */
export function elementsOf(elements: readonly FieldElement[], separator: string): fc.Arbitrary<Pick<BossMessage, 'fields' | 'groups'>> {
  const plain = elements.filter((e): e is FieldDef => e.kind === 'field');
  const groups = elements.flatMap((e) => (e.kind === 'group' ? [e] : []));
  const groupArbs = Object.fromEntries(groups.map((g) => [g.group, fc.array(record(g.fields, separator), { maxLength: 4 })]));
  return fc.tuple(record(plain, separator), fc.record(groupArbs)).map(([fields, groupValues]) => {
    for (const g of groups) fields[g.count] = String(groupValues[g.group]?.length ?? 0);
    return { fields, groups: groupValues };
  });
}

function headerOf(profile: Profile, side: 'request' | 'response'): fc.Arbitrary<Record<string, string>> {
  const { header, txcodeField } = profile[side];
  return record(header.filter((f) => f.name !== txcodeField), profile.body.separator);
}

export function requestOf(profile: Profile, txcode: string): fc.Arbitrary<BossMessage> {
  const transaction = profile.transactions[txcode]!;
  return fc.tuple(headerOf(profile, 'request'), elementsOf(transaction.request, profile.body.separator)).map(([header, values]) => ({ txcode, header, ...values }));
}

/** Responses with every response code: transaction fields only with the success code. [§3] */
export function responseOf(profile: Profile, txcode: string): fc.Arbitrary<BossMessage> {
  const transaction = profile.transactions[txcode]!;
  const { respCodeField, fieldsOnlyWhen } = profile.response;
  return fc
    .tuple(headerOf(profile, 'response'), fc.constantFrom(...Object.keys(profile.responseCodes)), elementsOf(transaction.response, profile.body.separator))
    .map(([header, code, values]) => {
      const ok = code === fieldsOnlyWhen;
      return { txcode, header: { ...header, [respCodeField]: code }, fields: ok ? values.fields : {}, groups: ok ? values.groups : {} };
    });
}
