import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { readDailyLines } from '../../../src/boss/batch/daily-lines.ts';
import { BossFileError } from '../../../src/boss/codec/errors.ts';
import { decodeDailyFile, encodeDailyFile, fileNameFor } from '../../../src/boss/codec/daily-file.ts';
import { DEFAULT_PROFILE_URL, defaultProfile } from '../../../src/boss/profile/load.ts';
import type { FileLayout, Profile } from '../../../src/boss/profile/types.ts';
import { validateProfile } from '../../../src/boss/profile/validate.ts';
import { valueOf } from '../arbitraries.ts';
import { crlf } from './support/files.ts';

function variant(change: (doc: Record<string, Record<string, unknown>>) => void): Profile {
  const doc = JSON.parse(readFileSync(DEFAULT_PROFILE_URL, 'utf8')) as Record<string, Record<string, unknown>>;
  change(doc);
  return validateProfile(doc);
}

const PROFILES: Record<string, Profile> = {
  default: defaultProfile(),
  /** Names in GBK with '|': a trail byte 0x7C must not split a field (DK ACCTNAME). */
  pipeGbk: variant((doc) => {
    (doc.formats as Record<string, Record<string, unknown>>).name!.encoding = 'gbk';
  }),
  /** No trailing separator, LF line ends. */
  bare: variant((doc) => {
    doc.body = { separator: '|', trailingSeparator: false, encoding: 'ascii' };
    doc.files = { ...doc.files, lineEnd: '\n', flagSuffix: '.FLG' };
  }),
};

type Outcome = { ok: { header: Record<string, string>; details: Record<string, string>[] } } | { error: Record<string, unknown> };

function outcome(run: () => { header: Record<string, string>; details: Record<string, string>[] }): Outcome {
  try {
    const { header, details } = run();
    return { ok: { header, details } };
  } catch (error) {
    if (!(error instanceof BossFileError)) throw error;
    return { error: { reason: error.reason, line: error.line, field: error.field, value: error.value, message: error.message, bytes: Buffer.from(error.bytes).toString('hex') } };
  }
}

function streamed(profile: Profile, layout: string, bytes: Uint8Array, fileName: string): { header: Record<string, string>; details: Record<string, string>[] } {
  const details: Record<string, string>[] = [];
  const { header } = readDailyLines(profile, layout, bytes, { fileName, onDetail: (values) => details.push(values) });
  return { header, details };
}

/** A valid file of a layout: details from the value arbitraries, the header made to fit. */
function fileOf(profile: Profile, layout: FileLayout): fc.Arbitrary<{ date: string; bytes: Uint8Array }> {
  const sep = profile.body.separator;
  // amounts kept small so that a header total of six of them still fits its 12 digits
  const small = fc.integer({ min: 1, max: 99_999_999 }).map(String);
  const detail = fc.record(Object.fromEntries(layout.detail.map((d) => [d.name, d.format.kind === 'amount' ? small : valueOf(d.format, sep)])));
  return fc.tuple(fc.array(detail, { maxLength: 6 }), fc.integer({ min: 1, max: 28 })).map(([details, day]) => {
    const date = `202611${String(day).padStart(2, '0')}`;
    const { count, total } = layout.checks;
    const summed = details.filter((d) => Object.entries(total?.where ?? {}).every(([k, v]) => d[k] === v));
    const header: Record<string, string> = {};
    for (const def of layout.header) header[def.name] = def.format.kind === 'const' ? def.format.value : def.name === layout.checks.date ? date : '0';
    if (count) header[count] = String(details.length);
    if (total) header[total.field] = summed.reduce((s, d) => s + BigInt(d[total.sum] ?? '0'), 0n).toString();
    return { date, bytes: encodeDailyFile(profile, { layout: layout.id, header, details }) };
  });
}

/** Damage a file the ways banks do: a byte changed, removed or inserted (separator, CR, LF, non-ASCII). */
const damage = fc.oneof(
  fc.constant((b: Uint8Array) => b),
  fc.tuple(fc.nat(), fc.constantFrom(0x7c, 0x0d, 0x0a, 0x41, 0x30, 0xd5, 0x20)).map(([at, byte]) => (b: Uint8Array) => {
    if (b.length === 0) return b;
    const copy = Uint8Array.from(b);
    copy[at % b.length] = byte;
    return copy;
  }),
  fc.nat().map((at) => (b: Uint8Array) => (b.length === 0 ? b : Uint8Array.from([...b.subarray(0, at % b.length), ...b.subarray((at % b.length) + 1)]))),
  fc.tuple(fc.nat(), fc.constantFrom(0x7c, 0x31, 0xa1)).map(([at, byte]) => (b: Uint8Array) => Uint8Array.from([...b.subarray(0, at % (b.length + 1)), byte, ...b.subarray(at % (b.length + 1))])),
);

describe('daily files read line by line [bank-interface §7]', () => {
  for (const [name, profile] of Object.entries(PROFILES)) {
    it(`agrees with the codec's decodeDailyFile on every layout, damaged or not (${name} profile)`, () => {
      const layouts = Object.values(profile.files.layouts);
      fc.assert(
        fc.property(
          fc.constantFrom(...layouts).chain((layout) => fc.tuple(fc.constant(layout), fileOf(profile, layout), damage, fc.boolean())),
          ([layout, { date, bytes }, hurt, wrongName]) => {
            const damaged = hurt(bytes);
            const fileName = fileNameFor(profile, layout.id, wrongName ? '20261231' : date);
            const codec = outcome(() => decodeDailyFile(profile, layout.id, damaged, { fileName }));
            const mine = outcome(() => streamed(profile, layout.id, damaged, fileName));
            expect(mine).to.deep.equal(codec);
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it('names the line and field of a bad detail, and the header field of a count that does not match', () => {
    const profile = defaultProfile();
    const bad = outcome(() => streamed(profile, 'XJMX', crlf('H|20261123|2|300|', 'S1|C1|100|101500|T01|', 'S2|C2|2x0|101500|T01|'), 'XJMX20261123.TXT'));
    expect(bad).to.have.nested.property('error.line', 3);
    expect(bad).to.have.nested.property('error.field', 'AMOUNT');
    const count = outcome(() => streamed(profile, 'XJMX', crlf('H|20261123|3|300|', 'S1|C1|100|101500|T01|', 'S2|C2|200|101500|T01|'), 'XJMX20261123.TXT'));
    expect(count).to.have.nested.property('error.reason', 'countMismatch');
    expect(count).to.have.nested.property('error.line', 1);
    expect(count).to.have.nested.property('error.field', 'COUNT');
  });
});
