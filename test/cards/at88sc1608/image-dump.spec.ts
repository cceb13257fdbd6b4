import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import { loadImageFile, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';
import { bytes, configure, poweredCard, run, withSecureCode } from './helpers.ts';

describe('AT88SC1608 image and dump', () => {
  let dir = '';
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'stbpay-at88sc1608-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('saves and loads every non-volatile byte: configuration, user zones, fuses; not the session', async () => {
    const secret = bytes(0xa1, 0xb2, 0xc3);
    const card = await poweredCard({ secret });
    await configure(card, [[0x12, [0x7f, 0xf9]], [0x49, [1, 2, 3]]], secret);
    await run(card, cmd.setUserZoneAddress(7));
    await run(card, cmd.writeUserZone(0xf0, bytes(0xde, 0xad)));
    await run(card, cmd.verifyPassword({ set: 3, kind: 'read' }, bytes(0, 0, 0)));
    await withSecureCode(card, secret);
    await run(card, cmd.blowNextFuse());
    const path = join(dir, 'card.json');
    await saveImageFile(path, card.toImage());
    const image = await loadImageFile(path);
    expect(Object.keys(image.areas)).to.deep.equal(['configuration', 'userZones', 'fuses']);
    const copy = at88sc1608Definition.fromImage(image, { timing: false });
    expect(copy.config.read(0, 128)).to.deep.equal(card.config.read(0, 128));
    expect(copy.user.read(0, 2048)).to.deep.equal(card.user.read(0, 2048));
    expect(copy.fuseByte()).to.equal(0xfe);
    expect(copy.config.cells[0x5c]).to.equal(0xfe);
    await copy.powerOn();
    expect(copy.session).to.deep.equal({ zone: null, active: null });
    await withSecureCode(copy, secret);
  });

  it('rejects an image of another card type or with a short area', () => {
    const image = at88sc1608Definition.create().toImage();
    expect(() => at88sc1608Definition.fromImage({ ...image, type: 'SLE4442' })).to.throw(InputError);
    expect(() => at88sc1608Definition.fromImage({ ...image, areas: { ...image.areas, fuses: '' } })).to.throw(InputError);
    expect(() => at88sc1608Definition.create({ secret: bytes(1, 2) })).to.throw(InputError);
  });

  it('dumps zones, decoded access registers, PACs as attempts left and fuses', async () => {
    const card = await poweredCard();
    await configure(card, [[0x12, [0x7f, 0xf9]], [0x14, [0xfb, 0xff]]]);
    for (let i = 0; i < 3; i++) await run(card, cmd.verifyPassword({ set: 1, kind: 'write' }, bytes(0, 0, 0)));
    for (let i = 0; i < 8; i++) await run(card, cmd.verifyPassword({ set: 0, kind: 'read' }, bytes(0, 0, 0)));
    await withSecureCode(card);
    await run(card, cmd.blowNextFuse());
    await run(card, cmd.setUserZoneAddress(2));
    await run(card, cmd.writeUserZone(0x00, bytes(0xfd)));
    const dump = card.dump();
    expect(dump).to.contain('fuses: FE (1111 1110): FAB BLOWN, CMA intact, PER intact');
    expect(dump).to.contain('session: powered, zone 2, active password Write 7');
    expect(dump).to.contain('zone 1: AR 7F PR F9: read free, write Write 1');
    expect(dump).to.contain('zone 2: AR FB PR FF: read free, write free, write lock mode');
    expect(dump).to.match(/Write 1 +F8 {2}1111 1000 {2}5 attempt\(s\) left/);
    expect(dump).to.match(/Read 0 +00 {2}0000 0000 {2}0 attempt\(s\) left LOCKED/);
    expect(dump).to.match(/Write 7 \(secure code\) +FF/);
    expect(dump).to.contain('0000: 2C*AA*55*A0*FF*FF*FF FF');
    expect(dump).to.contain('user zone 2 (* = write-locked byte)');
    expect(dump).to.contain('0000: FD FF*FF FF');
    expect(dump).to.contain('Answer-to-Reset                  2C AA 55 A0');
  });
});
