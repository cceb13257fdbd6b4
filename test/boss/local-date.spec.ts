import { expect } from 'chai';
import { InputError } from '../../src/core/errors.ts';
import { addDays, checkDate, DEFAULT_UTC_OFFSET_MINUTES, localDate, localTime } from '../../src/boss/local-date.ts';

describe('BOSS local dates [bank-interface §2]', () => {
  it('dates and times in the BOSS\'s local time, UTC+08:00 unless told otherwise', () => {
    const at = Date.UTC(2026, 10, 23, 17, 30, 5); // 01:30:05 on the 24th at +08:00
    expect(DEFAULT_UTC_OFFSET_MINUTES).to.equal(480);
    expect([localDate(at), localTime(at)]).to.deep.equal(['20261124', '013005']);
    expect([localDate(at, 0), localTime(at, 0)]).to.deep.equal(['20261123', '173005']);
    expect(localDate(at + 0.9, 480)).to.equal('20261124');
    expect(localDate(Date.UTC(2026, 10, 23, 0, 30), -60)).to.equal('20261122');
  });

  it('counts calendar days across months, leap days and years', () => {
    expect(addDays('20260301', -1)).to.equal('20260228');
    expect(addDays('20240301', -1)).to.equal('20240229');
    expect(addDays('20241231', 1)).to.equal('20250101');
    expect(addDays('20261123', 0)).to.equal('20261123');
  });

  it('checks a user\'s YYYYMMDD, naming the field', () => {
    expect(checkDate('20240229', '--date')).to.equal('20240229');
    for (const bad of ['20230229', '20261131', '2026112', '2026-11-23', '']) {
      expect(() => checkDate(bad, '--date'), bad).to.throw(InputError, /^--date: ".*" is not a date YYYYMMDD$/);
    }
  });
});
