import { expect } from 'chai';
import { singleBody } from '../../../src/boss/codec/frame-message.ts';
import { defaultProfile, type Profile } from '../../../src/boss/profile/index.ts';
import { compareAnswers } from '../../../src/boss/replay/compare.ts';
import { exampleFrame } from '../capture/support/examples.ts';
import { changedAnswer } from './support/capture-file.ts';

const profile = defaultProfile();
const body = (frame: Uint8Array, p: Profile = profile) => singleBody(p, frame);

describe('BOSS replay: comparing answers', () => {
  const answer = exampleFrame('query-answer');

  it('equal answers have no differences', () => {
    expect(compareAnswers(profile, body(answer), body(answer))).to.deep.equal({ differences: [], ignored: [] });
  });

  it('the profile decides what is volatile: by name, and by format kind', () => {
    const changed = changedAnswer(answer, (m) => {
      m.groups.BILLS?.forEach((bill) => (bill.AMOUNT = '1'));
      m.fields.ARREARS = '2';
    });
    const asShipped = compareAnswers(profile, body(answer), body(changed));
    expect(asShipped.differences.map((d) => d.field)).to.deep.equal(['ARREARS', 'BILLS[0].AMOUNT', 'BILLS[1].AMOUNT']);
    const amountsVolatile: Profile = { ...profile, volatile: { fields: [], formatKinds: ['amount'] } };
    expect(compareAnswers(amountsVolatile, body(answer), body(changed))).to.deep.equal({ differences: [], ignored: ['ARREARS', 'BILLS[0].AMOUNT', 'BILLS[1].AMOUNT'] });
    const byName: Profile = { ...profile, volatile: { fields: ['ARREARS'], formatKinds: [] } };
    expect(compareAnswers(byName, body(answer), body(changed)).ignored).to.deep.equal(['ARREARS']);
  });

  it('a group with fewer entries shows the missing fields as absent', () => {
    const shorter = changedAnswer(answer, (m) => {
      m.groups.BILLS = m.groups.BILLS?.slice(0, 1) ?? [];
      m.fields.BILLCOUNT = '1';
    });
    const { differences } = compareAnswers(profile, body(answer), body(shorter));
    expect(differences).to.deep.include({ field: 'BILLCOUNT', expected: '2', actual: '1' });
    expect(differences).to.deep.include({ field: 'BILLS[1].BILLMONTH', expected: '202611' });
  });

  it('an answer that does not decode is compared byte for byte, and says which side failed', () => {
    const junk = new TextEncoder().encode('not|an|answer|');
    expect(compareAnswers(profile, junk, junk).differences).to.deep.equal([]);
    expect(compareAnswers(profile, body(answer), junk).differences[0]).to.deep.include({ field: '(decode)', expected: 'decodes' });
    expect(compareAnswers(profile, junk, new TextEncoder().encode('other|')).differences[0]).to.deep.equal({ field: '(body)', expected: 'not|an|answer|', actual: 'other|' });
  });
});
