import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { AR, CONFIG } from '../../../src/cards/at88sc153/commands.ts';
import { InputError } from '../../../src/core/errors.ts';
import { loadImageFile, makeImage, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';
import { bytes, cfg, fill, poweredCard, secureCode, user } from './helpers.ts';

describe('AT88SC153 image and dump', () => {
  it('round-trips every area through an image file; volatile state is not kept', async () => {
    const card = await poweredCard();
    await secureCode(card);
    await card.execute(cmd.writeUserZone(2, 0x38, bytes(1, 2, 3)));
    await card.execute(cmd.writeConfigZone(CONFIG.issuerCode, bytes(0x49, 0x53)));
    await card.execute(cmd.writeFuses('FAB'));
    await card.execute(cmd.verifyPassword({ set: 0, kind: 'read' }, bytes(0, 0, 0))); // first pass: PAC $34 = FE
    const dir = await mkdtemp(join(tmpdir(), 'at88sc153-'));
    try {
      await saveImageFile(join(dir, 'card.json'), card.toImage());
      const image = await loadImageFile(join(dir, 'card.json'));
      expect(Object.keys(image.areas)).to.deep.equal(['configuration', 'user0', 'user1', 'user2', 'fuses']);
      const copy = at88sc153Definition.fromImage(image, { timing: false });
      await copy.powerOn();
      expect(await user(copy, 2, 0x38, 3)).to.deep.equal([1, 2, 3]);
      expect(await cfg(copy, CONFIG.issuerCode, 2)).to.deep.equal([0x49, 0x53]);
      expect(await cfg(copy, 0x34, 1)).to.deep.equal([0xfe]);
      expect([...(await copy.execute(cmd.readFuses())).data]).to.deep.equal([6]);
      expect(copy.dump()).to.contain('no password verified');
      expect(copy.toImage()).to.deep.equal(card.toImage());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses images of another type or with a short area, naming the area', () => {
    const good = at88sc153Definition.create().toImage();
    expect(() => at88sc153Definition.fromImage({ ...good, type: 'SLE4442' })).to.throw(InputError, /not an AT88SC153/);
    const short = makeImage('AT88SC153', { configuration: fill(64, 0xff), user0: fill(64, 0), user1: fill(63, 0), user2: fill(64, 0), fuses: bytes(0xff) });
    expect(() => at88sc153Definition.fromImage(short)).to.throw(InputError, /user1/);
  });

  it('dumps zones, decoded access registers, counters as attempts left, fuses and the session', async () => {
    const card = await poweredCard();
    await secureCode(card);
    await card.execute(cmd.writeUserZone(1, 0, bytes(0xfe)));
    await card.execute(cmd.writeConfigZone(CONFIG.accessRegister0 + 1, bytes(0xff & ~AR.WPE & ~AR.WLM & ~AR.PWS)));
    await card.execute(cmd.writeFuses('FAB'));
    await card.execute(cmd.verifyPassword({ set: 1, kind: 'read' }, bytes(9, 9, 9)));
    await card.execute(cmd.verifyPassword({ set: 1, kind: 'read' }, bytes(9, 9, 9)));
    const text = card.dump();
    expect(text).to.contain('fuse byte 06: FAB BLOWN, CMA intact, PER intact');
    expect(text).to.contain('AR1 73 = 0111 0011: password set 0; WPE, WLM enabled');
    expect(text).to.contain('AR0 FF = 1111 1111: password set 1; free access');
    expect(text).to.contain('Read 1                    PAC 1111 1110 = 7 attempt(s) left; password FF FF FF');
    expect(text).to.contain('Write 1 (secure code)     PAC 1111 1111 = 8 attempt(s) left; password 11 22 33');
    expect(text).to.contain('answer to reset 2C AA 55 A1');
    expect(text).to.contain('DCR FF = 1111 1111: no option enabled; chip select $B and $F');
    expect(text).to.contain('user zone 1 (AR1 73');
    expect(text).to.match(/0000: FE\*FF FF FF FF FF FF FF /); // bit 0 of the lock byte is 0: byte 0 locked
    expect(text).to.contain('session: no password verified');
  });
});
