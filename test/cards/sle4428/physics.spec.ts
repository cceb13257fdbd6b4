import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import {
  comparePscByte,
  eraseErrorCounter,
  readMain,
  readWithProtection,
  writeAndProtectByte,
  writeByte,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';
import { sle4428Definition, type Sle4428Card } from '../../../simulators/cards/sle4428/index.ts';

async function verified(timing: boolean): Promise<Sle4428Card> {
  const card = sle4428Definition.create({ timing, clock: new VirtualClock() });
  await card.powerOn();
  for (const c of [writeErrorCounter(0xfe), comparePscByte(0, 0xff), comparePscByte(1, 0xff), eraseErrorCounter()]) await card.execute(c);
  return card;
}
const mute = async (promise: Promise<unknown>): Promise<boolean> => promise.then(() => false, (e: unknown) => e instanceof CardMuteError);
const read = async (card: Sle4428Card, address: number, n: number, nine = false): Promise<string> =>
  toHex((await card.execute(nine ? readWithProtection(address, n) : readMain(address, n))).data);

describe('SLE4428 timing model', () => {
  it('reports 5 ms per erase or write cycle, as the host must clock them', async () => {
    const card = await verified(true);
    const busy = async (address: number, value: number): Promise<number> => (await card.execute(writeByte(address, value))).busyMicros;
    expect([await busy(0x80, 0x0f), await busy(0x80, 0xf0), await busy(0x80, 0xff), await busy(0x80, 0xff)]).to.deep.equal([5000, 10000, 5000, 0]);
    expect((await card.execute(writeAndProtectByte(0x81, 0x00))).busyMicros).to.equal(5000);
    await card.execute(writeByte(0x82, 0x00));
    expect((await card.execute(writeAndProtectByte(0x82, 0x11))).busyMicros).to.equal(10000);
    expect((await card.execute(readMain(0))).busyMicros).to.equal(0);
  });

  it('takes no time with the timing model off', async () => {
    const card = await verified(false);
    expect((await card.execute(writeByte(0x80, 0x0f))).busyMicros).to.equal(0);
    expect((await card.execute(writeByte(0x80, 0xf0))).busyMicros).to.equal(0);
  });
});

describe('SLE4428 power loss', () => {
  it('cut in an erase+write: the byte is left erased and the card unpowered and unverified', async () => {
    const card = await verified(false);
    await card.execute(writeByte(0x90, 0x0f));
    card.faults.powerLossAfter(0);
    expect(await mute(card.execute(writeByte(0x90, 0xf0)))).to.equal(true);
    expect(card.isPowered).to.equal(false);
    expect(await mute(card.execute(readMain(0, 1)))).to.equal(true);
    await card.powerOn();
    expect(await read(card, 0x90, 1)).to.equal('FF');
    await card.execute(writeByte(0x91, 0x00));
    expect(await read(card, 0x91, 1)).to.equal('FF');
  });

  it('counts cycles across commands: after 2 complete writes the third is cut, write-only leaves the old value', async () => {
    const card = await verified(false);
    card.faults.powerLossAfter(2);
    await card.execute(writeByte(0xa0, 0x11));
    await card.execute(writeByte(0xa1, 0xff)); // FF -> FF: no cycle, not counted
    await card.execute(writeByte(0xa2, 0x22));
    expect(await mute(card.execute(writeByte(0xa0, 0x01)))).to.equal(true);
    await card.powerOn();
    expect(await read(card, 0xa0, 3)).to.equal('11 FF 22');
  });

  it('cut in the counter write: counter unchanged, no attempt opened', async () => {
    const card = sle4428Definition.create({ timing: false });
    await card.powerOn();
    card.faults.powerLossAfter(0);
    expect(await mute(card.execute(writeErrorCounter(0xfe)))).to.equal(true);
    await card.powerOn();
    expect(await read(card, 0x3fd, 1)).to.equal('FF');
  });

  it('cut in the counter erase after the right code: the counter reads FF', async () => {
    const card = sle4428Definition.create({ timing: false });
    await card.powerOn();
    for (const c of [writeErrorCounter(0xfe), comparePscByte(0, 0xff), comparePscByte(1, 0xff)]) await card.execute(c);
    card.faults.powerLossAfter(0);
    expect(await mute(card.execute(eraseErrorCounter()))).to.equal(true);
    await card.powerOn();
    expect(await read(card, 0x3fd, 1)).to.equal('FF');
  });

  it('write with protect bit is two cycles: cut in the first leaves the byte erased, in the second unprotected', async () => {
    const card = await verified(false);
    await card.execute(writeByte(0xb0, 0x0f));
    card.faults.powerLossAfter(0);
    expect(await mute(card.execute(writeAndProtectByte(0xb0, 0xf0)))).to.equal(true);
    await card.powerOn();
    expect(await read(card, 0xb0, 1, true)).to.equal('FF 01');
    const again = await verified(false);
    again.faults.powerLossAfter(1);
    expect(await mute(again.execute(writeAndProtectByte(0xb1, 0x3c)))).to.equal(true);
    await again.powerOn();
    expect(await read(again, 0xb1, 1, true)).to.equal('3C 01');
  });
});
