import { expect } from 'chai';
import { body, openHarness, respCodeOf, TODAY, type Harness } from './harness.ts';

const MAX = '999999999999';

/** [bank-interface §2: amounts 1 to 12 digits; §6 9999 = retry] what the answers carry must stay encodable. */
describe('BOSS service: balances and day totals stay within 12 digits [bank-interface §2, §4, §6]', function () {
  this.timeout(20_000);
  let h: Harness;
  beforeEach(async () => (h = await openHarness()));
  afterEach(() => h.close());

  it('refuses a 1002 that would take the prepaid balance past 999999999999 with 2003, posting nothing', async () => {
    expect(respCodeOf(await h.ask(body('1002', ['C00012348', MAX, '1'], { txdate: '20261120' })))).to.equal('0000');
    const refused = await h.ask(body('1002', ['C00012348', '1', '1'], { txdate: '20261121' }));
    expect(respCodeOf(refused)).to.equal('2003');
    const customer = await h.store.read((view) => view.customer('C00012348'));
    expect(customer?.balance).to.equal(Number(MAX));
  });

  it('refuses a 1002 and a 1006 that would take the day cash total past 999999999999 with 2003; 2001 still answers', async () => {
    expect(respCodeOf(await h.ask(body('1002', ['C00020001', MAX, '1'])))).to.equal('0000');
    expect(respCodeOf(await h.ask(body('1002', ['C00020002', '1', '1'])))).to.equal('2003');
    expect(respCodeOf(await h.ask(body('1006', ['MK1', TODAY, 'C00020003', '5'])))).to.equal('2003');
    const answer = await h.ask(body('2001', [TODAY, '1', MAX]));
    expect(answer).to.contain(`|0000|OK|`).and.contain(`|1|${MAX}|0|`);
  });

  it('a deleted payment makes room again', async () => {
    expect(respCodeOf(await h.ask(body('1002', ['C00020001', MAX, '1'], { bankSerial: 'BIG' })))).to.equal('0000');
    expect(respCodeOf(await h.ask(body('1005', ['BIG', 'C00020001', MAX])))).to.equal('0000');
    expect(respCodeOf(await h.ask(body('1002', ['C00020002', '100', '1'])))).to.equal('0000');
  });
});
