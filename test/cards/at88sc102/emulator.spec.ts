import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { AT88SC102_MAP as M, blowFuse, compareCode, eraseAt, eraseZone, readBits, writeBits } from '../../../src/cards/at88sc102/commands.ts';
import { at88sc102Definition, type At88sc102Card } from '../../../simulators/cards/at88sc102/index.ts';

async function card(secret?: Uint8Array): Promise<At88sc102Card> {
  const c = at88sc102Definition.create({ timing: false, ...(secret ? { secret } : {}) });
  await c.powerOn();
  return c;
}
const hex = async (c: At88sc102Card, address: number, n: number): Promise<string> => toHex((await c.execute(readBits(address, n))).data);
const run = async (c: At88sc102Card, ...commands: { bytes: Uint8Array }[]): Promise<string[]> => {
  const out: string[] = [];
  for (const command of commands) out.push(toHex((await c.execute(command)).data));
  return out;
};
const validate = (c: At88sc102Card, code = Uint8Array.of(0xf0, 0xf0)) =>
  run(c, compareCode(M.sc.start, code), writeBits(M.scac.start, Uint8Array.of(0x7f)), eraseAt(M.scac.start));

describe('AT88SC102 emulator', () => {
  it('ships blank: FZ 0F0F, transport code F0F0, everything else FF', async () => {
    const c = at88sc102Definition.create();
    const image = c.toImage().areas.memory!;
    expect(image.slice(0, 4)).to.equal('0F0F');
    expect(image.slice(20, 24)).to.equal('F0F0');
    expect(image.replace(/^0F0F.{16}F0F0/, '')).to.match(/^F+$/);
    expect(image.length).to.equal(196 * 2);
  });

  it('takes the transport code from options.secret', async () => {
    const c = await card(Uint8Array.of(0x12, 0x34));
    expect(await validate(c, Uint8Array.of(0x12, 0x34))).to.deep.equal(['', '7F', 'FF FF']);
    expect(await hex(c, M.sc.start, 2)).to.equal('12 34');
  });

  it('answers nothing at power-on and reset, and reads bits from any address', async () => {
    const c = at88sc102Definition.create({ timing: false });
    expect(toHex(await c.powerOn())).to.equal('');
    expect(toHex(await c.reset())).to.equal('');
    expect(await hex(c, 0, 2)).to.equal('0F 0F');
    expect(await hex(c, 4, 2)).to.equal('F0 FF');
    expect(await hex(c, 6, 1)).to.equal('C3');
  });

  it('reads to the end of memory when no length is given', async () => {
    const c = await card();
    expect((await c.execute(readBits(1552))).data.length).to.equal(2);
    expect((await c.execute(readBits(1568, 1))).acknowledged).to.equal(false);
  });

  it('writes by clearing bits only and answers the bits read back', async () => {
    const c = await card();
    expect(await run(c, writeBits(M.mtz.start + 4, Uint8Array.of(0x0f)))).to.deep.equal(['0F']);
    expect(await hex(c, M.mtz.start, 2)).to.equal('F0 FF');
  });

  it('erases the whole 16-bit word around the addressed bit', async () => {
    const c = await card();
    await validate(c);
    await c.execute(writeBits(M.cpz.start, Uint8Array.of(0x00, 0x00, 0x00)));
    expect(await run(c, eraseAt(M.cpz.start + 15))).to.deep.equal(['FF FF']);
    expect(await hex(c, M.cpz.start, 3)).to.equal('FF FF 00');
  });

  it('validates the code only through compare, paid attempt, counter erase', async () => {
    const c = await card();
    expect(await run(c, compareCode(M.sc.start, Uint8Array.of(0xf0, 0xf0)), eraseAt(M.scac.start))).to.deep.equal(['', 'FF FF']);
    expect(c.validatedCodes).to.deep.equal([]);
    expect(await validate(c)).to.deep.equal(['', '7F', 'FF FF']);
    expect(c.validatedCodes).to.deep.equal(['SC']);
  });

  it('spends one SCAC bit per wrong code and locks after four', async () => {
    const c = await card();
    const counters: string[] = [];
    for (let i = 0; i < 4; i++) {
      await c.execute(compareCode(M.sc.start, Uint8Array.of(0, 0)));
      await c.execute(writeBits(M.scac.start + i, Uint8Array.of(0x7f)));
      counters.push(toHex((await c.execute(eraseAt(M.scac.start))).data));
    }
    expect(counters).to.deep.equal(['7F FF', '3F FF', '1F FF', '0F FF']);
    await validate(c);
    expect(c.validatedCodes).to.deep.equal([]);
    expect(c.dump()).to.contain('0 of 4 attempts left (LOCKED)');
  });

  it('keeps validation over RST and drops it at power-off', async () => {
    const c = await card();
    await validate(c);
    await c.reset();
    expect(c.validatedCodes).to.deep.equal(['SC']);
    await c.powerOff();
    expect(c.validatedCodes).to.deep.equal([]);
    await c.powerOn();
    expect(await run(c, writeBits(M.iz.start, Uint8Array.of(0)))).to.deep.equal(['FF']);
  });

  it('refuses every command while unpowered', async () => {
    const c = at88sc102Definition.create({ timing: false });
    let error: unknown;
    try {
      await c.execute(readBits(0, 1));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CardMuteError);
  });

  it('NACKs unknown operations and comparisons outside code fields', async () => {
    const c = await card();
    expect((await c.execute({ bytes: Uint8Array.of(0x30, 0, 0) })).acknowledged).to.equal(false);
    expect((await c.execute(compareCode(M.cpz.start, Uint8Array.of(0, 0)))).acknowledged).to.equal(false);
    expect((await c.execute(eraseZone(3))).acknowledged).to.equal(false);
    expect((await c.execute(blowFuse(M.mtz.start))).acknowledged).to.equal(false);
  });

  it('block-erases everything but FZ, MTZ and MFZ in level 1 with the code', async () => {
    const c = await card();
    await validate(c);
    await run(c, writeBits(M.cpz.start, Uint8Array.of(0)), writeBits(M.mtz.start, Uint8Array.of(0)), writeBits(M.mfz.start, Uint8Array.of(0)));
    await c.execute(eraseAt(M.blockErase.start));
    const image = c.toImage().areas.memory!;
    expect(image.slice(4, 352)).to.match(/^F+$/);
    expect(image.slice(352, 360)).to.equal('00FF00FF');
  });

  it('enters level 2 with the issuer fuse: IZ read-only, SC and keys hidden, no more fuses', async () => {
    const c = await card();
    await validate(c);
    await c.execute(blowFuse(M.issuerFuse.start));
    expect(await hex(c, M.issuerFuse.start, 2)).to.equal('00 00');
    expect(await run(c, writeBits(M.iz.start, Uint8Array.of(0)), readBits(M.sc.start, 2), readBits(M.ez1.start, 1))).to.deep.equal(['FF', 'FF FF', 'FF']);
    await c.execute(blowFuse(M.ec2enFuse.start));
    expect(await hex(c, M.ec2enFuse.start - 1, 1)).to.equal('FF');
    expect(c.dump()).to.contain('Security level 2');
  });

  it('erases AZ2 in level 2 only through EZ2, paying one EC2 bit', async () => {
    const c = await card();
    await validate(c);
    await c.execute(writeBits(M.az2.start + 16, Uint8Array.of(0)));
    await c.execute(blowFuse(M.issuerFuse.start));
    expect(await run(c, eraseAt(M.az2.start + 16))).to.deep.equal(['00 FF']);
    await run(c, compareCode(M.ez2.start, Uint8Array.of(0xff, 0xff, 0xff, 0xff)), writeBits(M.ec2.start, Uint8Array.of(0x7f)), eraseZone(2));
    expect(await hex(c, M.az2.start, 4)).to.equal('FF FF FF FF');
    expect(c.dump()).to.contain('127 of 128 AZ2 erases left');
  });
});
