import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuCardFromProfile, CpuProfileError, loadCpuCard, saveProfileFile } from '../../../simulators/cards/cpu/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { fixtureProfile, poweredCard, send, sw } from './fixture.ts';

/** The fixture profile with one change made through a JSON path edit. */
function broken(edit: (profile: any) => void): unknown {
  const profile = JSON.parse(JSON.stringify(fixtureProfile()));
  edit(profile);
  return profile;
}

function errorOf(json: unknown): CpuProfileError {
  try {
    cpuCardFromProfile(json, 'card.json');
  } catch (error) {
    expect(error).to.be.instanceOf(CpuProfileError);
    return error as CpuProfileError;
  }
  throw new Error('the profile was accepted');
}

describe('CPU card profile validation', () => {
  const cases: Array<[string, (p: any) => void, string, string]> = [
    ['a wrong format tag', (p) => (p.format = 'x'), 'format', 'must be "stbpay-cpu-profile/1"'],
    ['an unknown protocol', (p) => (p.protocol = 'T=2'), 'protocol', 'must be one of "T=0", "T=1"'],
    ['16 historical bytes', (p) => (p.historicalBytes = '00'.repeat(16)), 'historicalBytes', 'must be 0 to 15 bytes, found 16'],
    ['a PIN of bad hex', (p) => (p.pin.value = '12 3G'), 'pin.value', 'not hex'],
    ['16 PIN tries', (p) => (p.pin.maxTries = 16), 'pin.maxTries', 'from 1 to 15'],
    ['more tries left than the maximum', (p) => (p.pin.triesLeft = 4), 'pin.triesLeft', 'from 0 to 3'],
    ['an MF that is not 3F00', (p) => (p.mf.fid = '3F01'), 'mf.fid', 'the MF is 3F00'],
    ['a 3-digit FID', (p) => (p.mf.files[0].fid = '001'), 'mf.files[0].fid', 'four hex digits'],
    ['a duplicate FID', (p) => (p.mf.files[1].fid = '0001'), 'mf.files[1].fid', '0001 is already used in this DF'],
    ['a child using FID 3F00', (p) => (p.mf.files[1].fid = '3F00'), 'mf.files[1].fid', 'reserved'],
    ['a duplicate SFI', (p) => (p.mf.files[1].sfi = 1), 'mf.files[1].sfi', 'SFI 1 is already used'],
    ['SFI 31', (p) => (p.mf.files[0].sfi = 31), 'mf.files[0].sfi', 'from 1 to 30'],
    ['an unknown file kind', (p) => (p.mf.files[0].kind = 'cyclic'), 'mf.files[0].kind', 'must be one of'],
    ['data longer than the file', (p) => (p.mf.files[0].data = '00'.repeat(17)), 'mf.files[0].data', 'must be 0 to 16 bytes, found 17'],
    ['a record of the wrong length', (p) => (p.mf.files[2].records[1] = 'BB BB'), 'mf.files[2].records[1]', 'must be 4 bytes, found 2'],
    ['more records than the file has', (p) => (p.mf.files[2].records = ['00000000', '00000000', '00000000', '00000000']), 'mf.files[2].records', 'holds 4 records, the file has 3'],
    ['an unknown access condition', (p) => (p.mf.files[0].read = 'sometimes'), 'mf.files[0].read', '"always", "never", "pin" or "key:N"'],
    ['a key the DF does not have', (p) => (p.mf.files[4].files[0].update = 'key:0'), 'mf.files[4].files[0].update', 'key 0 is not an external-auth key of this DF'],
    ['a DES key of 16 bytes', (p) => (p.mf.keys[1].value = '00'.repeat(16)), 'mf.keys[1].value', 'must be 8 bytes, found 16'],
    ['an unknown key usage', (p) => (p.mf.keys[0].usage = 'debit'), 'mf.keys[0].usage', 'must be one of'],
    ['a duplicate key id of one usage', (p) => ((p.mf.keys[1].id = 0), (p.mf.keys[1].usage = 'external-auth'), (p.mf.keys[1].type = '3DES'), (p.mf.keys[1].value = '00'.repeat(16))), 'mf.keys[1].id', 'key id 0 of usage "external-auth" appears twice'],
    ['a DF name used twice', (p) => (p.mf.files[4].name = p.mf.name), 'mf.files[4].name', 'already taken by mf'],
    ['a 17-byte DF name', (p) => (p.mf.files[4].name = '00'.repeat(17)), 'mf.files[4].name', 'must be 1 to 16 bytes'],
    ['files that are no array', (p) => (p.mf.files[4].files = {}), 'mf.files[4].files', 'must be a JSON array'],
  ];
  for (const [what, edit, path, detail] of cases) {
    it(`names ${path} for ${what}`, () => {
      const error = errorOf(broken(edit));
      expect(error.path).to.equal(path);
      expect(error.code).to.equal('STBPAY_ERR_CPU_PROFILE');
      expect(error.message).to.contain(`card.json: ${path}: `).and.to.contain(detail);
    });
  }

  it('names the top for something that is no object', () => {
    expect(errorOf([]).path).to.equal('(top)');
  });
});

describe('CPU card image round trip and dump', () => {
  it('toProfile keeps written bytes and the PIN counter; a card loaded from it answers the same', async () => {
    const card = await poweredCard('T=1');
    await send(card, '00 20 00 00 03 00 00 00');
    await send(card, '00 20 00 00 03 12 34 56');
    await send(card, '00 D6 81 04 02 AB CD');
    await send(card, '00 DC 03 1C 04 01 02 03 04');
    await send(card, '00 20 00 00 03 00 00 00');
    const image = card.toProfile();
    expect(image.pin?.triesLeft).to.equal(2);
    const dir = await tempDir('cpu-card');
    const path = join(dir, 'card.json');
    await saveProfileFile(path, image);
    const reloaded = await loadCpuCard(path);
    await reloaded.powerOn();
    expect(await send(reloaded, '00 B0 81 00 08')).to.equal('00 01 02 03 AB CD 06 07 90 00');
    expect(await send(reloaded, '00 B2 03 1C 04')).to.equal('01 02 03 04 90 00');
    expect(await sw(reloaded, '00 20 00 00')).to.equal('63 C2');
    expect(reloaded.protocol).to.equal('T=1');
    expect(JSON.parse(await readFile(path, 'utf8'))).to.deep.equal(JSON.parse(JSON.stringify(reloaded.toProfile())));
  });

  it('a missing or non-JSON file is an input error naming the file', async () => {
    const dir = await tempDir('cpu-card');
    let error: unknown;
    await loadCpuCard(join(dir, 'absent.json')).catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('STBPAY_ERR_INPUT');
    expect((error as Error).message).to.contain('absent.json');
  });

  it('the dump spells out the tree, access conditions, key check values, the PIN counter and the volatile state', async () => {
    const card = await poweredCard('T=0');
    await send(card, '00 20 00 00 03 00 00 00');
    await send(card, '00 A4 00 0C 02 00 01');
    const dump = card.dump();
    expect(dump).to.contain('CPU card, T=0');
    expect(dump).to.contain('PIN: 3 bytes, 2 of 3 tries left');
    expect(dump).to.contain('current DF 3F00, current EF 0001, PIN not verified');
    expect(dump).to.contain('EF 0002 SFI 2 transparent, 8 bytes, read after key 0, update after key 0');
    expect(dump).to.contain('EF 0003 SFI 3 linear fixed, 3 records of 4 bytes, read always, update after PIN');
    expect(dump).to.contain('#2: BB BB BB BB');
    // KCV of the FIPS 81 key 0123456789ABCDEF: DES of zeros is D5 D4 4F F7 20 68 3D 0D.
    expect(dump).to.contain('key 2: DES internal-auth version 1 KCV D5 D4 4F');
    expect(dump).to.not.contain('01 23 45 67 89 AB CD EF');
    await card.powerOff();
    expect(card.dump()).to.contain('Not powered');
  });
});
