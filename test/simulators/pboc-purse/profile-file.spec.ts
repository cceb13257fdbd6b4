import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { concatBytes, parseHex, toHex } from '../../../src/core/hex.ts';
import { exchange } from '../../../src/reader/exchange.ts';
import { CpuProfileError, loadCpuCard, saveProfileFile } from '../../../simulators/cards/cpu/index.ts';
import { pbocPurseApplication } from '../../../simulators/cards/pboc-purse/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { AID, CHANGSHA, purseCardProfile } from './support.ts';
import { purseMac, sessionKey } from '../../../src/crypto/index.ts';

const withSettings = (settings: Record<string, unknown>) => {
  const profile = purseCardProfile('T=1', undefined, 5000);
  const [df] = profile.mf.files as [Record<string, unknown>];
  return { ...profile, mf: { files: [{ ...df, applicationSettings: settings }] } };
};

describe('PBOC purse personalised from the card profile file (applicationSettings) [issue 5 point 2]', () => {
  it('takes its application, GET TRANSACTION PROVE variant and answer order from the file, and keeps them in the image', async () => {
    const dir = await tempDir('purse-profile');
    const file = join(dir, 'purse.json');
    await writeFile(file, JSON.stringify(withSettings({ application: 'EP', proveSequence: 'next', proveOrder: 'tac-mac2', maxBalance: 100000 })));
    const card = await loadCpuCard(file, { applications: { 'pboc-purse': pbocPurseApplication() } });
    await card.powerOn();
    const send = async (apdu: string) => exchange(card, parseHex(apdu));
    await send(`00 A4 04 00 09 ${AID}`);
    expect((await send('80 50 00 02 0B 01 000186A0 000001000050 10')).sw, 'a load past maxBalance 100000').to.equal(0x6985);
    // a purchase, MAC1 made from the Changsha purchase key, then GET TRANSACTION PROVE as the file says:
    // the seq after the one INITIALIZE returned (next), and TAC before MAC2 (tac-mac2)
    const init = await send('80 50 01 02 0B 01 00000064 000001000050 0F');
    const sespk = sessionKey(CHANGSHA.dpk, concatBytes(init.data.slice(11, 15), init.data.slice(4, 6), parseHex('0001')));
    const mac1 = purseMac(sespk, parseHex('00000064 06 000001000050 20261123 101500'));
    const debit = await send(`80 54 01 00 0F 00000001 20261123 101500 ${toHex(mac1)} 08`);
    expect(debit.sw).to.equal(0x9000);
    expect((await send('80 5A 00 06 02 0000 08')).sw, 'the seq INITIALIZE returned is not this card\'s').to.equal(0x9406);
    const prove = await send('80 5A 00 06 02 0001 08');
    expect(toHex(prove.data), 'TAC ‖ MAC2: DEBIT answered TAC ‖ MAC2 too').to.equal(toHex(debit.data));
    const saved = join(dir, 'image.json');
    await saveProfileFile(saved, card.toProfile());
    const again = await loadCpuCard(saved, { applications: { 'pboc-purse': pbocPurseApplication() } });
    expect(again.toProfile().mf.files?.[0]).to.deep.include({ applicationSettings: { application: 'EP', proveSequence: 'next', proveOrder: 'tac-mac2', maxBalance: 100000 } });
  });

  it('refuses a bad setting naming its path in the file', async () => {
    const dir = await tempDir('purse-profile');
    for (const [settings, message] of [
      [{ application: 'XP' }, /mf\.files\[0\]\.applicationSettings\.application: must be one of "EP", "ED"/],
      [{ proveOrder: 'sideways' }, /applicationSettings\.proveOrder: must be one of/],
      [{ overdraftLimit: -1 }, /applicationSettings\.overdraftLimit: must be a whole number from 0 to 16777215/],
      [{ cappMac1Suffix: 'zz' }, /applicationSettings\.cappMac1Suffix: not hex/],
    ] as const) {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify(withSettings(settings)));
      const error = await loadCpuCard(file, { applications: { 'pboc-purse': pbocPurseApplication() } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CpuProfileError);
      expect((error as Error).message).to.match(message);
    }
  });
});
