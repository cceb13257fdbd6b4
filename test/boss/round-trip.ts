/** Round-trip properties any profile must satisfy; the specs call them for boss-bank/1 and for variants. */
import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../src/core/hex.ts';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/boss/codec/message.ts';
import { checkValue } from '../../src/boss/codec/format.ts';
import { decodeDailyFile, encodeDailyFile, type DailyFile } from '../../src/boss/codec/daily-file.ts';
import type { FileLayout, Profile } from '../../src/boss/profile/types.ts';
import { requestOf, responseOf, valueOf } from './arbitraries.ts';

const RUNS = { numRuns: 60 };

/** Encode then decode is the identity, for every transaction's request and response. [§3, §4] */
export function messageRoundTrips(profile: Profile): void {
  for (const txcode of Object.keys(profile.transactions)) {
    it(`${txcode} request round-trips`, () => {
      fc.assert(
        fc.property(requestOf(profile, txcode), (message) => {
          const body = encodeRequest(profile, message);
          expect(decodeRequest(profile, body), toHex(body)).to.deep.equal(message);
        }),
        RUNS,
      );
    });
    it(`${txcode} response round-trips, transaction fields only with ${profile.response.fieldsOnlyWhen}`, () => {
      fc.assert(
        fc.property(responseOf(profile, txcode), (message) => {
          const body = encodeResponse(profile, message);
          expect(decodeResponse(profile, body), toHex(body)).to.deep.equal(message);
        }),
        RUNS,
      );
    });
  }
}

/** Files whose header agrees with their lines, for every layout. [§7] */
export function fileOf(profile: Profile, layout: FileLayout): fc.Arbitrary<DailyFile> {
  const sep = profile.body.separator;
  const line = (defs: FileLayout['detail']) => fc.record(Object.fromEntries(defs.map((d) => [d.name, valueOf(d.format, sep)])));
  return fc.tuple(line(layout.header), fc.array(line(layout.detail), { maxLength: 8 })).map(([header, details]) => {
    const { count, total } = layout.checks;
    const totalFormat = layout.header.find((f) => f.name === total?.field)?.format;
    for (;;) {
      if (count) header[count] = String(details.length);
      if (!total || !totalFormat) break;
      const counted = details.filter((d) => Object.entries(total.where ?? {}).every(([k, v]) => d[k] === v));
      header[total.field] = counted.reduce((sum, d) => sum + BigInt(d[total.sum] ?? '0'), 0n).toString();
      // a total over the header's width (12 digits of fen) cannot be written: drop lines until it fits
      if (checkValue(totalFormat, header[total.field]!, sep) === undefined) break;
      details.pop();
    }
    return { layout: layout.id, header, details };
  });
}

export function fileRoundTrips(profile: Profile): void {
  for (const layout of Object.values(profile.files.layouts)) {
    it(`${layout.id} file round-trips`, () => {
      fc.assert(
        fc.property(fileOf(profile, layout), (file) => {
          const bytes = encodeDailyFile(profile, file);
          expect(decodeDailyFile(profile, layout.id, bytes), toHex(bytes)).to.deep.equal(file);
        }),
        RUNS,
      );
    });
  }
}

