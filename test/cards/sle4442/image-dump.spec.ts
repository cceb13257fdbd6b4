import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.ts';
import { loadImageFile, makeImage, saveImageFile } from '../../../simulators/cards/common/image.ts';
import { sle4442Definition } from '../../../simulators/cards/sle4442/index.ts';
import { out, poweredCard, procedure, PSC, send } from './helpers.ts';

describe('SLE4442 emulator: image and dump', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stbpay-sle4442-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('an image holds main, protection and security under the datasheet names; a fresh card as shipped', () => {
    const image = sle4442Definition.create({ secret: PSC }).toImage();
    expect(image.type).to.equal('SLE4442');
    expect(Object.keys(image.areas).sort()).to.deep.equal(['main', 'protection', 'security']);
    expect(image.areas.main!.slice(0, 64)).to.equal(`A2131091FFFF8115${'FF'.repeat(13)}D27600000400${'FF'.repeat(5)}`);
    expect(image.areas.protection).to.equal('00FF1FF8');
    expect(image.areas.security).to.equal('07123456');
  });

  it('round-trips a used card through a file: contents kept, verification not', async () => {
    const card = await poweredCard();
    await procedure(card, Uint8Array.of(0, 0, 0));
    await procedure(card);
    await send(card, '38 40 AB');
    await send(card, '38 10 CD');
    await send(card, '3C 10 CD');
    await send(card, '39 00 05');
    const path = join(dir, 'card.json');
    await saveImageFile(path, card.toImage());
    const loaded = sle4442Definition.fromImage(await loadImageFile(path), { timing: false });
    expect(loaded.toImage()).to.deep.equal(card.toImage());
    await loaded.powerOn();
    expect(await out(loaded, '31 00 00')).to.equal('05 00 00 00');
    expect(await out(loaded, '30 40 00', 1)).to.equal('AB');
    expect(await out(loaded, '34 00 00')).to.equal('00 FF 1E F8');
    await send(loaded, '38 40 00');
    expect(await out(loaded, '30 40 00', 1)).to.equal('AB');
  });

  it('stores the counter as its three bits, however it was last programmed', async () => {
    const card = await poweredCard();
    await procedure(card);
    expect(card.toImage().areas.security).to.equal('07123456');
  });

  it('refuses an image of another type or with a wrong area size, naming the area', () => {
    const good = sle4442Definition.create().toImage();
    expect(() => sle4442Definition.fromImage({ ...good, type: 'SLE4428' })).to.throw(InputError, /SLE4428/);
    const short = makeImage('SLE4442', { main: new Uint8Array(255), protection: new Uint8Array(4), security: new Uint8Array(4) });
    expect(() => sle4442Definition.fromImage(short)).to.throw(InputError, /"main".*256 bytes/);
    const missing = { ...good, areas: { main: good.areas.main!, protection: good.areas.protection! } };
    expect(() => sle4442Definition.fromImage(missing)).to.throw(InputError, /"security"/);
  });

  it('dumps every area: protected bytes marked, protection bits, EC in binary with attempts, PSC, session', async () => {
    const card = await poweredCard();
    const fresh = card.dump();
    expect(fresh).to.contain('SLE4442 — powered, PSC not verified');
    expect(fresh).to.contain('0000: A2*13*10*91*FF*FF*81*15*FF FF FF FF FF FF FF FF');
    expect(fresh).to.contain('0010: FF FF FF FF FF D2*76*00*00*04*00*FF FF FF FF FF');
    expect(fresh).to.contain('00F0: FF FF');
    expect(fresh).to.contain('Protection memory: 00 FF 1F F8  (bits, byte 0 first: 0000 0000 | 1111 1111 | 0001 1111 | 1111 1000)');
    expect(fresh).to.contain('protected bytes: 00-07, 15-1A');
    expect(fresh).to.contain('error counter EC: 0000 0111  3 attempts left');
    expect(fresh).to.contain('PSC: 12 34 56');
    await send(card, '39 00 03');
    await send(card, '33 01 12');
    expect(card.dump()).to.contain('PSC attempt running, 1 of 3 bytes compared equal');
    expect(card.dump()).to.contain('0000 0011  2 attempts left');
  });

  it('dumps a locked card as LOCKED and an unpowered one as unpowered', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 3; i++) await procedure(card, Uint8Array.of(9, 9, 9));
    expect(card.dump()).to.contain('error counter EC: 0000 0000  LOCKED');
    await card.powerOff();
    expect(card.dump()).to.contain('SLE4442 — unpowered');
  });
});
