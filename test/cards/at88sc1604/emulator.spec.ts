import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { AT88SC1604_MAP as M, AT88SC1604_ZONES as Z, blowFuse, compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc1604/commands.ts';
import { eraseZone } from '../../../src/cards/at88sc102/family.ts';
import { at88sc1604Definition, type At88sc1604Card } from '../../../simulators/cards/at88sc1604/index.ts';

async function card(): Promise<At88sc1604Card> {
  const c = at88sc1604Definition.create({ timing: false });
  await c.powerOn();
  return c;
}
const hex = async (c: At88sc1604Card, address: number, n: number): Promise<string> => toHex((await c.execute(readBits(address, n))).data);
async function present(c: At88sc1604Card, code: { start: number }, counter: { start: number }, value: Uint8Array, bit = 0): Promise<string> {
  await c.execute(compareCode(code.start, value));
  await c.execute(writeBits(counter.start + bit, Uint8Array.of(0x7f)));
  return toHex((await c.execute(eraseAt(counter.start))).data);
}
const sc = (c: At88sc1604Card, value = Uint8Array.of(0xf0, 0xf0), bit = 0) => present(c, M.sc, M.scac, value, bit);
async function personalise(c: At88sc1604Card, prepare: () => Promise<unknown> = async () => {}): Promise<void> {
  await sc(c);
  await prepare();
  await c.execute(blowFuse(M.fuse2.start));
  await c.powerOff();
  await c.powerOn();
}

describe('AT88SC1604 emulator', () => {
  it('ships blank: 2009 bytes, FZ 0F0F, SC F0F0, FUSE1 blown, the rest FF', () => {
    const image = at88sc1604Definition.create().toImage().areas.memory!;
    expect(image.length).to.equal(2009 * 2);
    expect(image.slice(0, 4)).to.equal('0F0F');
    expect(image.slice(20, 24)).to.equal('F0F0');
    expect(image.slice(0x7d7 * 2)).to.equal('00FF');
    expect(image.slice(24, 0x7d7 * 2)).to.match(/^F+$/);
  });

  it('lays out the zones at the reader-firmware byte addresses', () => {
    expect(Z.map((z) => [z.sc.start / 8, z.ez.start / 8, z.az.start / 8, z.az.bits / 8])).to.deep.equal([
      [0x15, 0x18, 0x1b, 1195],
      [0x4c6, 0x4c8, 0x4cb, 256],
      [0x5cb, 0x5cd, 0x5d0, 256],
      [0x6d0, 0x6d2, 0x6d5, 256],
    ]);
  });

  it('erases one byte per pulse', async () => {
    const c = await card();
    await c.execute(writeBits(M.mtz.start, Uint8Array.of(0, 0)));
    expect(toHex((await c.execute(eraseAt(M.mtz.start + 9))).data)).to.equal('FF');
    expect(await hex(c, M.mtz.start, 2)).to.equal('00 FF');
  });

  it('counts eight SC attempts down and restores them with the right code', async () => {
    const c = await card();
    expect(await sc(c, Uint8Array.of(1, 2))).to.equal('7F');
    expect(await sc(c, Uint8Array.of(1, 2), 1)).to.equal('3F');
    expect(await sc(c, undefined, 1)).to.equal('3F'); // bit 97 is already 0: nothing paid, erase refused
    expect(await sc(c, undefined, 2)).to.equal('FF');
    expect(c.validatedCodes).to.deep.equal(['SC']);
  });

  it('keeps each code apart: SC, SC1, EZ1 validate separately', async () => {
    const c = await card();
    expect(await present(c, Z[0].sc, Z[0].sac!, Uint8Array.of(0xff, 0xff))).to.equal('FF');
    expect(await present(c, Z[0].ez, Z[0].eac, Uint8Array.of(0xff, 0xff))).to.equal('FF');
    expect(c.validatedCodes).to.deep.equal(['EZ1', 'SC1']);
  });

  it('counts a zone 2-4 code only after SC, without any counter', async () => {
    const c = await card();
    await c.execute(compareCode(Z[2].sc.start, Uint8Array.of(0xff, 0xff)));
    expect(c.validatedCodes).to.deep.equal([]);
    await sc(c);
    await c.execute(compareCode(Z[2].sc.start, Uint8Array.of(0xff, 0xff)));
    expect(c.validatedCodes).to.deep.equal(['SC', 'SC3']);
  });

  it('level 2: zone writes need SCn and P = 1, erases need EZn', async () => {
    const c = await card();
    await personalise(c, () => c.execute(writeBits(Z[1].az.start + 8, Uint8Array.of(0x0f))));
    await sc(c);
    expect(toHex((await c.execute(writeBits(Z[1].az.start + 8, Uint8Array.of(0x00)))).data)).to.equal('0F');
    await c.execute(compareCode(Z[1].sc.start, Uint8Array.of(0xff, 0xff)));
    expect(toHex((await c.execute(writeBits(Z[1].az.start + 8, Uint8Array.of(0x03)))).data)).to.equal('03');
    expect(toHex((await c.execute(eraseAt(Z[1].az.start + 8))).data)).to.equal('03');
    await present(c, Z[1].ez, Z[1].eac, Uint8Array.of(0xff, 0xff));
    expect(toHex((await c.execute(eraseAt(Z[1].az.start + 8))).data)).to.equal('FF');
  });

  it('level 2: IZ and erase keys are out of reach, SC is still changed with SC', async () => {
    const c = await card();
    await personalise(c);
    await sc(c);
    expect(toHex((await c.execute(writeBits(M.iz.start, Uint8Array.of(0)))).data)).to.equal('FF');
    expect(await hex(c, Z[0].ez.start, 2)).to.equal('FF FF');
    expect(toHex((await c.execute(eraseAt(M.sc.start))).data)).to.equal('FF');
    expect(c.dump()).to.contain('Security level 2 (FUSE2 blown');
  });

  it('NACKs the AT88SC102 zone erase and malformed commands; is mute unpowered', async () => {
    const c = await card();
    expect((await c.execute(eraseZone(1))).acknowledged).to.equal(false);
    expect((await c.execute(compareCode(Z[0].sc.start, Uint8Array.of(1)))).acknowledged).to.equal(false);
    await c.powerOff();
    let error: unknown;
    try {
      await c.execute(readBits(0, 1));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CardMuteError);
  });
});
