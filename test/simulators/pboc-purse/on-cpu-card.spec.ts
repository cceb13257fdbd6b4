import { expect } from 'chai';
import { parseHex, toCompactHex } from '../../../src/core/hex.ts';
import type { Random } from '../../../src/core/random.ts';
import { cpuCardFromProfile, type CpuCardEmulator } from '../../../simulators/cards/cpu/index.ts';
import type { CpuCardProfile } from '../../../simulators/cards/cpu/profile/types.ts';
import { pbocPurseApplication } from '../../../simulators/cards/pboc-purse/index.ts';
import { AID, purseCardProfile, scripted } from './support.ts';

async function purseCard(protocol: 'T=0' | 'T=1', random: Random): Promise<CpuCardEmulator> {
  const card = cpuCardFromProfile(purseCardProfile(protocol), 'test purse card', { random, applications: { 'pboc-purse': pbocPurseApplication({ application: 'EP', overdraftLimit: 0, maxBalance: 0xffffffff, variant: { proveSequence: 'used' } }) } });
  await card.powerOn();
  return card;
}

const send = async (card: CpuCardEmulator, apdu: string) => toCompactHex(await card.transmit(parseHex(apdu)));

describe('PBOC purse on the CPU card emulator [PBOC 2.0 e-purse; ISO/IEC 7816-4]', () => {
  it('under T=0: the Changsha load answers 61 10, GET RESPONSE gives the card\'s answer, and READ RECORD the traced log record', async () => {
    const card = await purseCard('T=0', scripted('CDEF4F20'));
    expect(await send(card, `00 A4 04 00 09 ${AID}`)).to.match(/9000$|61..$/);
    expect(await send(card, '80 50 00 02 0B 01 00001C37 000001000050')).to.equal('6110');
    expect(await send(card, '00 C0 00 00 10')).to.equal('0000000000000100CDEF4F2006B1BEF5' + '9000');
    expect(await send(card, '80 52 00 00 0B 20140825 103100 0641DCD8')).to.equal('6104');
    expect(await send(card, '00 C0 00 00 04')).to.equal('ED0F8755' + '9000');
    expect(await send(card, '80 5C 00 02 04')).to.equal('00001C37' + '9000');
    // [psam_hsm.md §1.5] t4_readTransRecord.txt: the record after the load
    expect(await send(card, '00 B2 01 C4 17')).to.equal('0001' + '000000' + '00001C37' + '02' + '000001000050' + '20140825' + '103100' + '9000');
  });

  it('under T=1: the same answers come back directly', async () => {
    const card = await purseCard('T=1', scripted('CDEF4F20'));
    await send(card, `00 A4 04 00 09 ${AID}`);
    expect(await send(card, '80 50 00 02 0B 01 00001C37 000001000050 10')).to.equal('0000000000000100CDEF4F2006B1BEF5' + '9000');
    expect(await send(card, '80 52 00 00 0B 20140825 103100 0641DCD8 04')).to.equal('ED0F8755' + '9000');
  });

  it('keeps its balance in the card\'s memory: a power loss during CREDIT rolls it back, and the card comes back with the old balance', async () => {
    const card = await purseCard('T=1', scripted('CDEF4F20', 'CDEF4F20'));
    await send(card, `00 A4 04 00 09 ${AID}`);
    await send(card, '80 50 00 02 0B 01 00001C37 000001000050 10');
    card.faults.powerLossAfter(5);
    const lost = await card.transmit(parseHex('80 52 00 00 0B 20140825 103100 0641DCD8 04')).then(() => 'answered', (error: unknown) => error);
    expect(lost).to.be.instanceOf(Error);
    await card.powerOn();
    await send(card, `00 A4 04 00 09 ${AID}`);
    expect(await send(card, '80 5C 00 02 04'), 'rolled back').to.equal('00000000' + '9000');
    expect(await send(card, '00 B2 01 C4 17'), 'no log record').to.equal('0000000000000000000000000000000000000000000000' + '9000');
    // the same load again, after the power came back
    expect(await send(card, '80 50 00 02 0B 01 00001C37 000001000050 10')).to.equal('0000000000000100CDEF4F2006B1BEF5' + '9000');
    expect(await send(card, '80 52 00 00 0B 20140825 103100 0641DCD8 04')).to.equal('ED0F8755' + '9000');
  });

  it('refuses a profile whose purse DF lacks its data EF or TAC key, naming it', () => {
    const profile = purseCardProfile('T=1');
    const df = profile.mf.files![0] as { files: unknown[]; keys: unknown[] };
    const withoutData = { ...profile, mf: { files: [{ ...df, files: df.files.slice(1) }] } } as CpuCardProfile;
    const make = (p: CpuCardProfile) => () => cpuCardFromProfile(p, 'test', { applications: { 'pboc-purse': pbocPurseApplication({ application: 'EP', overdraftLimit: 0, maxBalance: 1, variant: { proveSequence: 'used' } }) } });
    expect(make(withoutData)).to.throw(/DF 1001: needs a transparent EF 0002/);
    const withoutTac = { ...profile, mf: { files: [{ ...df, keys: df.keys.slice(0, 2) }] } } as CpuCardProfile;
    expect(make(withoutTac)).to.throw(/needs a 16-byte key of usage "tac"/);
  });
});
