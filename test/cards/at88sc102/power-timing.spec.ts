import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { toHex } from '../../../src/core/hex.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { AT88SC102_MAP as M, blowFuse, compareCode, eraseAt, eraseZone, readBits, writeBits } from '../../../src/cards/at88sc102/commands.ts';
import { PowerLost } from '../../../simulators/cards/common/power-loss.ts';
import { at88sc102Definition, type At88sc102Card } from '../../../simulators/cards/at88sc102/index.ts';

async function powered(options: { timing?: boolean; clock?: VirtualClock } = { timing: false }): Promise<At88sc102Card> {
  const c = at88sc102Definition.create(options);
  await c.powerOn();
  return c;
}
async function lost(c: At88sc102Card, command: { bytes: Uint8Array }): Promise<unknown> {
  try {
    await c.execute(command);
  } catch (error) {
    return error;
  }
  return undefined;
}
const memory = (c: At88sc102Card): string => c.toImage().areas.memory!;

describe('AT88SC102 power loss and timing', () => {
  it('power lost after n write pulses keeps exactly those n bits and mutes the card', async () => {
    for (let n = 0; n < 8; n++) {
      const c = await powered();
      c.faults.powerLossAfter(n);
      const error = await lost(c, writeBits(M.mtz.start, Uint8Array.of(0x00)));
      expect(error).to.be.instanceOf(PowerLost).and.instanceOf(CardMuteError);
      expect(c.isPowered).to.equal(false);
      expect(memory(c).slice(352, 354)).to.equal(((0xff >> n) & 0xff).toString(16).toUpperCase().padStart(2, '0'));
      expect(await lost(c, readBits(0, 1))).to.be.instanceOf(CardMuteError);
    }
  });

  it('a torn word erase leaves the stricken byte erased and the next one as it was', async () => {
    const c = await powered();
    await c.execute(writeBits(M.mtz.start, Uint8Array.of(0x00, 0x00)));
    c.faults.powerLossAfter(0);
    await lost(c, eraseAt(M.mtz.start));
    expect(memory(c).slice(352, 356)).to.equal('FF00');
  });

  it('a torn zone erase leaves the bytes before and the stricken one erased, the rest untouched', async () => {
    const c = await powered();
    await c.execute(compareCode(M.sc.start, Uint8Array.of(0xf0, 0xf0)));
    await c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    await c.execute(writeBits(M.az1.start, new Uint8Array(64)));
    await c.execute(compareCode(M.ez1.start, new Uint8Array(6).fill(0xff)));
    c.faults.powerLossAfter(9);
    await lost(c, eraseZone(1));
    expect(memory(c).slice(44, 172)).to.equal('FF'.repeat(10) + '00'.repeat(54));
  });

  it('a torn fuse blow leaves the fuse intact', async () => {
    const c = await powered();
    await c.execute(compareCode(M.sc.start, Uint8Array.of(0xf0, 0xf0)));
    await c.execute(writeBits(M.scac.start, Uint8Array.of(0x7f)));
    await c.execute(eraseAt(M.scac.start));
    c.faults.powerLossAfter(0);
    await lost(c, blowFuse(M.issuerFuse.start));
    expect(memory(c).slice(388, 392)).to.equal('FFFF');
  });

  it('timing on: 3 ms per pulse, NACK until the clock passes the cycle; timing off: never busy', async () => {
    const clock = new VirtualClock();
    const c = await powered({ clock });
    const write = await c.execute(writeBits(M.mtz.start, Uint8Array.of(0x00)));
    expect(write.busyMicros).to.equal(24000);
    clock.advance(23.9);
    const early = await c.execute(readBits(M.mtz.start, 1));
    expect(early).to.deep.equal({ data: new Uint8Array(0), acknowledged: false, busyMicros: 0 });
    clock.advance(0.1);
    expect(toHex((await c.execute(readBits(M.mtz.start, 1))).data)).to.equal('00');
    const off = await powered({ timing: false });
    expect((await off.execute(writeBits(M.mtz.start, Uint8Array.of(0x00)))).busyMicros).to.equal(0);
    expect((await off.execute(eraseAt(M.mtz.start))).acknowledged).to.equal(true);
  });

  it('power-on ends any busy cycle', async () => {
    const clock = new VirtualClock();
    const c = await powered({ clock });
    await c.execute(eraseAt(M.mtz.start));
    await c.powerOff();
    await c.powerOn();
    expect((await c.execute(readBits(0, 1))).acknowledged).to.equal(true);
  });
});
