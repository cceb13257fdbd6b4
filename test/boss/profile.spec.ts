import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ProfileError } from '../../src/boss/profile/errors.ts';
import { DEFAULT_PROFILE_URL, defaultProfile, loadProfile } from '../../src/boss/profile/load.ts';
import { validateProfile } from '../../src/boss/profile/validate.ts';
import { isVolatile } from '../../src/boss/profile/volatile.ts';
import { tempDir } from '../setup/temp-dirs.ts';

/** A mutable copy of the boss-bank/1 document; `any` so a case can reach any element (test-local). */
type Doc = Record<string, any>;

function defaultDocument(): Doc {
  return JSON.parse(readFileSync(DEFAULT_PROFILE_URL, 'utf8')) as Doc;
}

function profileError(change: (doc: Doc) => void): ProfileError {
  const doc = defaultDocument();
  change(doc);
  try {
    validateProfile(doc);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('expected a ProfileError');
}

describe('profile validator', () => {
  it('reads boss-bank/1 as the spec gives it [bank-interface §1–§7]', () => {
    const profile = defaultProfile();
    expect(profile.profile).to.equal('boss-bank/1');
    expect(profile.framing).to.deep.equal({ lengthDigits: 6, maxBody: 8192 });
    expect(profile.body).to.deep.include({ separator: '|', trailingSeparator: true, encoding: 'ascii' });
    expect(profile.request.header.map((f) => f.name)).to.deep.equal(['TXCODE', 'BANKCODE', 'BANKSERIAL', 'TXDATE', 'TXTIME', 'TELLER']);
    expect(profile.response.header.map((f) => f.name)).to.deep.equal(['TXCODE', 'RESPCODE', 'RESPMSG', 'BANKSERIAL', 'BOSSSERIAL']);
    expect(Object.keys(profile.transactions)).to.have.length(11);
    expect(profile.transactions['1001']!.response[5]).to.deep.include({ kind: 'group', group: 'BILLS', count: 'BILLCOUNT' });
    expect(Object.keys(profile.responseCodes)).to.have.length(17);
    expect(profile.roles).to.include({ success: '0000', unknownTxcode: '1001', malformed: '1002', frameTooLarge: '1004' });
    expect(Object.keys(profile.files.layouts)).to.deep.equal(['DK', 'YH', 'XJMX', 'DKMX']);
    expect(profile.files).to.include({ lineEnd: '\r\n', flagSuffix: '.OK' });
    const durable = Object.values(profile.transactions).filter((t) => t.durable).map((t) => t.txcode);
    // §5's list, plus 1003/1004: durable by profile choice (an agreement answered 0000 must survive a power loss)
    expect(durable, '§5').to.deep.equal(['1002', '1003', '1004', '1005', '1006', '2001', '2002', '3001', '3002', '3003']);
    expect(isVolatile(profile, 'BOSSSERIAL', { kind: 'alnum', min: 0, max: 20 })).to.equal(true);
    expect(isVolatile(profile, 'TXTIME', { kind: 'time' })).to.equal(true);
    expect(isVolatile(profile, 'CUSTNO', { kind: 'alnum', min: 1, max: 20 })).to.equal(false);
  });

  const cases: [string, (doc: Doc) => void, string, RegExp][] = [
    ['an unknown named format', (d) => (d.transactions['1002'].request[2].format = 'nope'), 'transactions.1002.request[2].format', /no format named 'nope'/],
    ['an inline format with max below min', (d) => (d.transactions['1002'].request[2].format = { kind: 'digits', min: 5, max: 2 }), 'transactions.1002.request[2].format.max', /below min 5/],
    ['an unknown format kind', (d) => (d.formats.amount.kind = 'money'), 'formats.amount.kind', /'money' is not one of/],
    ['a misspelt key', (d) => (d.framing.maxbody = 1), 'framing.maxbody', /unknown key/],
    ['a maximum the prefix cannot announce', (d) => (d.framing.lengthPrefix.digits = 3), 'framing.maxBody', /8192 is outside 1..999/],
    ['a TXCODE key that is not 4 digits', (d) => (d.transactions['12345'] = d.transactions['1002']), 'transactions.12345', /key '12345' is 5 characters/],
    ['a group whose count is not before it', (d) => d.transactions['1001'].response.splice(4, 1), 'transactions.1001.response[4].count', /'BILLCOUNT' is not a field before this group/],
    ['a field listed twice', (d) => d.transactions['1002'].request.push({ name: 'AMOUNT', format: 'amount' }), 'transactions.1002.request[3].name', /appears twice/],
    ['a role nobody has', (d) => delete d.responseCodes['1004'].role, 'responseCodes', /no code has role 'frameTooLarge'/],
    ['a role given twice', (d) => (d.responseCodes['2001'].role = 'malformed'), 'responseCodes.2001.role', /already given to 1002/],
    ['fields after a code not in the table', (d) => (d.response.fieldsOnlyWhen = '0001'), 'response.fieldsOnlyWhen', /not in responseCodes/],
    ['a letter as separator', (d) => (d.body.separator = 'A'), 'body.separator', /punctuation/],
    ['an enum value holding the separator', (d) => (d.formats.paytype.values = { '1|': 'cash' }), 'formats.paytype.values.1|', /without the separator/],
    ['a file name without the date', (d) => (d.files.layouts.DK.name = 'DK.TXT'), 'files.layouts.DK.name', /\{YYYYMMDD\}/],
    ['a total summing an unknown field', (d) => (d.files.layouts.YH.checks.total.sum = 'AMT'), 'files.layouts.YH.checks.total.sum', /not a field of the detail line/],
    ['GBK and UTF-8 mixed', (d) => ((d.formats.name.encoding = 'gbk'), (d.formats.reason.encoding = 'utf-8')), 'transactions.3003.request[1].format', /cannot be mixed/],
    ['an unknown encoding', (d) => (d.formats.name.encoding = 'big5'), 'formats.name.encoding', /'big5' is not one of ascii, gbk, utf-8/],
  ];
  for (const [title, change, path, message] of cases) {
    it(`names the path of ${title}: ${path}`, () => {
      const error = profileError(change);
      expect(error.path).to.equal(path);
      expect(error.message).to.match(message);
      expect(error.code).to.equal('BOSS_ERR_PROFILE');
    });
  }

  it('loadProfile names a file that is not JSON', async () => {
    const dir = await tempDir('boss-profile');
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ "profile": ');
    expect(() => loadProfile(file)).to.throw(ProfileError, /bad\.json is not JSON/);
    expect(() => loadProfile(join(dir, 'absent.json'))).to.throw(ProfileError, /cannot read profile/);
  });
});
