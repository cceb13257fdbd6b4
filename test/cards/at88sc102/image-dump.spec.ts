import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AT88SC102_MAP as M, blowFuse, compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc102/commands.ts';
import { loadImageFile, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { at88sc102Definition } from '../../../simulators/cards/at88sc102/index.ts';

describe('AT88SC102 image and dump', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stbpay-at88sc102-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('saves and loads the memory, fuses and counters through an image file; volatile state is not kept', async () => {
    const c = at88sc102Definition.create({ timing: false });
    await c.powerOn();
    await c.execute(compareCode(M.sc.start, Uint8Array.of(0, 0)));
    await c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    await c.execute(compareCode(M.sc.start, Uint8Array.of(0xf0, 0xf0)));
    await c.execute(writeBits(M.scac.start + 1, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    await c.execute(writeBits(M.iz.start, Uint8Array.of(0x5a, 0xa5)));
    await c.execute(blowFuse(M.manufacturerFuse.start));
    const file = join(dir, 'card.json');
    await saveImageFile(file, c.toImage());
    const loaded = at88sc102Definition.fromImage(await loadImageFile(file), { timing: false });
    expect(loaded.toImage()).to.deep.equal(c.toImage());
    expect(loaded.validatedCodes).to.deep.equal([]);
    await loaded.powerOn();
    expect(Array.from((await loaded.execute(readBits(M.iz.start, 2))).data)).to.deep.equal([0x5a, 0xa5]);
    expect(Array.from((await loaded.execute(readBits(M.manufacturerFuse.start, 2))).data)).to.deep.equal([0, 0]);
  });

  it('rejects an image of the wrong size', () => {
    expect(() => at88sc102Definition.fromImage({ format: 'stbpay-card-image/1', type: 'AT88SC102', areas: { memory: 'FF' } })).to.throw(/needs 196 bytes/);
  });

  it('dumps level, fuses, counters as attempts left, zone access bits, every field and the memory', async () => {
    const c = at88sc102Definition.create({ timing: false });
    await c.powerOn();
    await c.execute(compareCode(M.sc.start, Uint8Array.of(1, 2)));
    await c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    await c.execute(writeBits(M.mtz.start, Uint8Array.of(0x3c)));
    const dump = c.dump();
    expect(dump).to.contain('AT88SC102 secure memory, 1568 bits — powered');
    expect(dump).to.contain('Security level 1 (issuer fuse intact');
    expect(dump).to.contain('Validated this session: none');
    expect(dump).to.contain('Fuses: manufacturer intact, EC2EN intact (EC2 counts AZ2 erases), issuer intact');
    expect(dump).to.match(/SCAC\s+0111 1111 1111 1111\s+-> 3 of 4 attempts left/);
    expect(dump).to.contain('128 of 128 AZ2 erases left');
    expect(dump).to.contain('AZ1: P1=1 R1=1 (read free, write with SC)');
    expect(dump).to.match(/FZ\s+bits 0-15\s+0F 0F/);
    expect(dump).to.match(/MTZ\s+bits 1408-1423\s+3C FF/);
    expect(dump).to.match(/EC2EN FUSE\s+bits 1529-1529\s+1/);
    expect(dump).to.contain('0000: 0F*0F*FF*FF*FF*FF*FF*FF*FF*FF*F0!F0!7F FF FF*FF*');
    expect(dump).to.contain('00B0: 3C FF FF*FF*');
  });
});
