import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE_URL } from '../../../src/boss/profile/load.ts';
import { validateProfile } from '../../../src/boss/profile/validate.ts';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

/** boss-bank/1 with amounts allowed down to 0: the codec lets AMOUNT 0 through, the §4 rule must not. */
function zeroAmountProfile() {
  const document = JSON.parse(readFileSync(DEFAULT_PROFILE_URL, 'utf8')) as { formats: Record<string, { min?: number }> };
  document.formats.amount!.min = 0;
  return validateProfile(document);
}

describe('BOSS service: the §4 amount rule under a wider profile format', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness({ profile: zeroAmountProfile() });
  });
  after(() => h.close());

  it('2003 for a 1002 or 1006 of AMOUNT 0 [§4 1002: AMOUNT must be 1..999999999999]', async () => {
    expect(await h.ask(body('1002', [DEMO.customers.zhangSan, '0', '1'], { bankSerial: 'Z1' }))).to.equal('1002|2003|amount invalid or not matching|Z1||');
    expect(await h.ask(body('1006', ['Z2', '20261123', DEMO.customers.zhangSan, '0']))).to.match(/^1006\|2003\|/);
    expect(await h.store.read((view) => view.arrears(DEMO.customers.zhangSan))).to.equal(4500);
  });
});
