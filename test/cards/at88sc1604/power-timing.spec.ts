import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { AT88SC1604_MAP as M, AT88SC1604_ZONES as Z, compareCode, eraseAt, readBits, writeBits } from '../../../src/cards/at88sc1604/commands.ts';
import { at88sc1604Definition, type At88sc1604Card } from '../../../simulators/cards/at88sc1604/index.ts';

async function powered(options: { timing?: boolean; clock?: VirtualClock } = { timing: false }): Promise<At88sc1604Card> {
  const c = at88sc1604Definition.create(options);
  await c.powerOn();
  return c;
}
async function lost(c: At88sc1604Card, command: { bytes: Uint8Array }): Promise<unknown> {
  try {
    await c.execute(command);
  } catch (error) {
    return error;
  }
  return undefined;
}
const byteAt = (c: At88sc1604Card, byte: number): string => c.toImage().areas.memory!.slice(byte * 2, byte * 2 + 2);

describe('AT88SC1604 power loss and timing', () => {
  it('power lost after n write pulses keeps exactly those n bits', async () => {
    for (let n = 0; n < 8; n++) {
      const c = await powered();
      c.faults.powerLossAfter(n);
      expect(await lost(c, writeBits(M.mtz.start, Uint8Array.of(0x00)))).to.be.instanceOf(CardMuteError);
      expect(byteAt(c, M.mtz.start / 8)).to.equal(((0xff >> n) & 0xff).toString(16).toUpperCase().padStart(2, '0'));
    }
  });

  it('power lost in the counter erase of a right code: counter erased, nothing validated, card mute', async () => {
    const c = await powered();
    await c.execute(compareCode(Z[0].sc.start, Uint8Array.of(0xff, 0xff)));
    await c.execute(writeBits(Z[0].sac!.start, Uint8Array.of(0x7f)));
    c.faults.powerLossAfter(0);
    expect(await lost(c, eraseAt(Z[0].sac!.start))).to.be.instanceOf(CardMuteError);
    expect(byteAt(c, Z[0].sac!.start / 8)).to.equal('FF');
    expect(c.validatedCodes).to.deep.equal([]);
  });

  it('timing on: 5 ms per pulse with NACKs in between; off: never busy', async () => {
    const clock = new VirtualClock();
    const c = await powered({ clock });
    expect((await c.execute(writeBits(M.mtz.start, Uint8Array.of(0x7e)))).busyMicros).to.equal(10000);
    clock.advance(9.999);
    expect((await c.execute(readBits(0, 1))).acknowledged).to.equal(false);
    clock.advance(0.001);
    expect((await c.execute(readBits(0, 1))).acknowledged).to.equal(true);
    const off = await powered();
    expect((await off.execute(writeBits(M.mtz.start, Uint8Array.of(0x00)))).busyMicros).to.equal(0);
  });
});
