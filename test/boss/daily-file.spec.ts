import { expect } from 'chai';
import { BossFileError } from '../../src/boss/codec/errors.ts';
import { decodeDailyFile, encodeDailyFile, fileNameFor, flagNameFor, parseFileName } from '../../src/boss/codec/daily-file.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';

const profile = defaultProfile();
const crlf = (...lines: string[]): Uint8Array => Uint8Array.from(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1'));

const YH = ['H|20261123|3|4500|', '1|C00012345|6222000011112222|2250|0|B001|', '2|C00012346|6222000011113333|1800|1||', '3|C00012347|6222000011114444|2250|0|B003|'];

function fileError(run: () => unknown): BossFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof BossFileError) return error;
    throw error;
  }
  throw new Error('expected a BossFileError');
}

describe('daily exchange files [bank-interface §7]', () => {
  it('names files by layout and date, with the .OK flag beside them', () => {
    expect(fileNameFor(profile, 'DK', '20261123')).to.equal('DK20261123.TXT');
    expect(flagNameFor(profile, 'XJMX20261123.TXT')).to.equal('XJMX20261123.TXT.OK');
    expect(parseFileName(profile, 'DKMX20261123.TXT')).to.deep.equal({ layout: 'DKMX', date: '20261123' });
    expect(parseFileName(profile, 'DK20261123.TXT')).to.deep.equal({ layout: 'DK', date: '20261123' });
    expect(parseFileName(profile, 'DK2026112.TXT')).to.equal(undefined);
    expect(parseFileName(profile, 'DK20261123.TXT.OK')).to.equal(undefined);
  });

  it('reads a YH results file: SUCCESSTOTAL sums the debited (RESULT 0) lines only, and writes it back byte for byte', () => {
    const bytes = crlf(...YH);
    const file = decodeDailyFile(profile, 'YH', bytes, { fileName: 'YH20261123.TXT' });
    expect(file.header).to.deep.equal({ TAG: 'H', DATE: '20261123', COUNT: '3', SUCCESSTOTAL: '4500' });
    expect(file.details[1]).to.deep.equal({ SEQ: '2', CUSTNO: 'C00012346', ACCTNO: '6222000011113333', AMOUNT: '1800', RESULT: '1', BANKSERIAL: '' });
    expect(Buffer.from(encodeDailyFile(profile, file)).equals(Buffer.from(bytes))).to.equal(true);
  });

  it('rejects a header COUNT that does not match the lines', () => {
    const error = fileError(() => decodeDailyFile(profile, 'YH', crlf('H|20261123|4|4500|', ...YH.slice(1))));
    expect([error.reason, error.field, error.value, error.line]).to.deep.equal(['countMismatch', 'COUNT', '4', 1]);
  });

  it('rejects a header total that does not match the lines', () => {
    const error = fileError(() => decodeDailyFile(profile, 'XJMX', crlf('H|20261123|1|100|', 'S1|C1|99|101500|T01|')));
    expect([error.reason, error.field]).to.deep.equal(['totalMismatch', 'TOTAL']);
    expect(error.message).to.contain('sum to 99');
  });

  it('rejects a header date other than the file name', () => {
    const error = fileError(() => decodeDailyFile(profile, 'XJMX', crlf('H|20261122|0|0|'), { fileName: 'XJMX20261123.TXT' }));
    expect([error.reason, error.field]).to.deep.equal(['dateMismatch', 'DATE']);
  });

  it('names the line and field of a bad detail, and refuses lines without CRLF', () => {
    const bad = fileError(() => decodeDailyFile(profile, 'DKMX', crlf('H|20261123|1|100|', 'S1|C1|A1|0|101500|')));
    expect([bad.reason, bad.line, bad.field]).to.deep.equal(['malformed', 2, 'AMOUNT']);
    const lf = fileError(() => decodeDailyFile(profile, 'DKMX', Uint8Array.from(Buffer.from('H|20261123|0|0|\n'))));
    expect([bad.reason, lf.field]).to.deep.equal(['malformed', 'lineEnd']);
    const empty = fileError(() => decodeDailyFile(profile, 'DKMX', new Uint8Array(0)));
    expect(empty.field).to.equal('header');
  });

  it('writes inconsistent files only when asked (for emulator fault personas)', () => {
    const file = { layout: 'DK', header: { TAG: 'H', DATE: '20261123', COUNT: '5', TOTAL: '1' }, details: [] };
    expect(() => encodeDailyFile(profile, file)).to.throw(/COUNT: header says 5, the file has 0 detail lines/);
    expect(Buffer.from(encodeDailyFile(profile, file, { check: false })).toString()).to.equal('H|20261123|5|1|\r\n');
    const detail = { SEQ: '1', CUSTNO: 'C1', ACCTNO: 'A1', ACCTNAME: 'X', AMOUNT: '0' };
    expect(() => encodeDailyFile(profile, { ...file, details: [detail] }, { check: false })).to.throw(/^details\[0\]\.AMOUNT: '0' is below the minimum 1$/);
  });
});
