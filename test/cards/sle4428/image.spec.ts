import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../../src/core/hex.ts';
import { InputError } from '../../../src/core/errors.ts';
import { comparePscByte, eraseErrorCounter, readWithProtection, writeAndProtectByte, writeByte, writeErrorCounter } from '../../../src/cards/sle4428/commands.ts';
import { loadImageFile, makeImage, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { sle4428Definition } from '../../../simulators/cards/sle4428/index.ts';

describe('SLE4428 image and dump', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'sle4428-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('saves and loads memory, protect bits and counter through a file; volatile state is not kept', async () => {
    const card = sle4428Definition.create({ secret: Uint8Array.of(0x12, 0x34) });
    await card.powerOn();
    for (const c of [writeErrorCounter(0xfe), comparePscByte(0, 0x12), comparePscByte(1, 0x34), eraseErrorCounter()]) await card.execute(c);
    await card.execute(writeAndProtectByte(0x3f1, 0xa5));
    await card.execute(writeByte(0x200, 0x5a));
    await card.execute(writeErrorCounter(0xf0));
    const image = card.toImage();
    expect(Object.keys(image.areas).sort()).to.deep.equal(['memory', 'protection']);
    expect(image.areas.protection?.slice(0, 2)).to.equal('00');
    expect(image.areas.protection?.slice(252)).to.equal('FDFF'); // 3F1 = bit 1 of byte 7E
    const path = join(dir, 'card.json');
    await saveImageFile(path, image);
    const loaded = sle4428Definition.fromImage(await loadImageFile(path));
    await loaded.powerOn();
    expect(loaded.toImage()).to.deep.equal(image);
    expect(toHex((await loaded.execute(readWithProtection(0x3f1, 1))).data)).to.equal('A5 00');
    expect(toHex((await loaded.execute({ bytes: Uint8Array.of(0xce, 0xfd, 0x00) })).data)).to.equal('F0 00 00');
    await loaded.execute(writeByte(0x200, 0x00)); // not verified after loading
    expect(toHex((await loaded.execute({ bytes: Uint8Array.of(0x8e, 0x00, 0x00), readLength: 1 })).data)).to.equal('5A');
  });

  it('refuses an image of another type or with a short area', () => {
    expect(() => sle4428Definition.fromImage(makeImage('SLE4442', {}))).to.throw(InputError, 'SLE4442');
    const short = makeImage('SLE4428', { memory: new Uint8Array(1024), protection: new Uint8Array(127) });
    expect(() => sle4428Definition.fromImage(short)).to.throw(InputError, 'protection');
  });

  it('dumps memory with protected bytes marked, blank rows folded, counter in bits and attempts, PSC and session', async () => {
    const card = sle4428Definition.create({ secret: Uint8Array.of(0xab, 0xcd) });
    await card.powerOn();
    await card.execute(writeErrorCounter(0xfc));
    const dump = card.dump();
    expect(dump).to.contain('0000: 92*23*10*91*FF*FF*81*13*FF FF');
    expect(dump).to.contain('0010..03EF: FF (62 rows erased, writable)');
    expect(dump).to.contain('03F0: FF FF FF FF FF FF FF FF FF FF FF FF FF FC AB CD');
    expect(dump).to.contain('error counter 0x3FD: 1111 1100 = 6 of 8 attempts left');
    expect(dump).to.contain('PSC 0x3FE-0x3FF: AB CD');
    expect(dump).to.contain('8 write-protected');
    expect(dump).to.contain('session: powered, PSC not verified');
  });
});
