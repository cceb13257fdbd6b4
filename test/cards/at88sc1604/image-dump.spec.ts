import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AT88SC1604_MAP as M, AT88SC1604_ZONES as Z, compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc1604/commands.ts';
import { loadImageFile, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { at88sc1604Definition } from '../../../simulators/cards/at88sc1604/index.ts';

describe('AT88SC1604 image and dump', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stbpay-at88sc1604-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through an image file without its volatile state', async () => {
    const c = at88sc1604Definition.create({ timing: false });
    await c.powerOn();
    await c.execute(compareCode(M.sc.start, Uint8Array.of(0xf0, 0xf0)));
    await c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    await c.execute(writeBits(Z[3].az.start + 8, Uint8Array.of(0x99)));
    await c.execute(writeBits(Z[2].eac.start, Uint8Array.of(0x3f)));
    const file = join(dir, 'card.json');
    await saveImageFile(file, c.toImage());
    const loaded = at88sc1604Definition.fromImage(await loadImageFile(file), { timing: false });
    expect(loaded.toImage()).to.deep.equal(c.toImage());
    await loaded.powerOn();
    expect(loaded.validatedCodes).to.deep.equal([]);
    expect(Array.from((await loaded.execute(readBits(Z[3].az.start + 8, 1))).data)).to.deep.equal([0x99]);
  });

  it('dumps every counter as attempts left, the zones access bits and fuses', async () => {
    const c = at88sc1604Definition.create({ timing: false });
    const cold = c.dump();
    expect(cold).to.contain('AT88SC1604 secure memory, 16072 bits — not powered');
    await c.powerOn();
    await c.execute(writeBits(Z[2].eac.start, Uint8Array.of(0x3f)));
    await c.execute(writeBits(Z[0].sac!.start, Uint8Array.of(0x00)));
    const dump = c.dump();
    expect(dump).to.contain('Security level 1 (FUSE2 intact');
    expect(dump).to.contain('Fuses: FUSE1 blown (fab), FUSE2 intact');
    expect(dump).to.match(/SCAC\s+1111 1111\s+-> 8 of 8 attempts left/);
    expect(dump).to.match(/S1AC\s+0000 0000\s+-> 0 of 8 attempts left \(LOCKED\)/);
    expect(dump).to.match(/E3AC\s+0011 1111\s+-> 6 of 8 attempts left/);
    expect(dump).to.contain('SC2                no attempts counter');
    expect(dump).to.contain('AZ1: P=1 R=1; AZ2: P=1 R=1');
    expect(dump).to.match(/AZ1\s+bits 216-9775\s+1195 bytes, see dump/);
    expect(dump).to.contain('0000: 0F*0F*FF*FF*FF*FF*FF*FF*FF*FF*F0!F0!FF FF*FF*FF*');
    expect(dump).to.contain('07D0: FF*FF*FF*FF*FF*FF FF 00*FF*');
  });
});
