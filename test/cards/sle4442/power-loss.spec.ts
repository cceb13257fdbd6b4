import { expect } from 'chai';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { PowerLost } from '../../../simulators/cards/common/power-loss.ts';
import type { Sle4442Card } from '../../../simulators/cards/sle4442/index.ts';
import { byteAt, out, poweredCard, procedure, send } from './helpers.ts';

/** Sends a command that must lose power; returns the PowerLost error. */
async function cut(card: Sle4442Card, hex: string): Promise<PowerLost> {
  try {
    await send(card, hex);
  } catch (error) {
    expect(error).to.be.instanceOf(CardMuteError);
    expect(error).to.be.instanceOf(PowerLost);
    return error as PowerLost;
  }
  return expect.fail(`${hex} answered, power loss expected`);
}

describe('SLE4442 emulator: power loss leaves exactly what the chip would have written', () => {
  it('during the counter-bit write: the counter is unchanged and no attempt is open (tearing)', async () => {
    const card = await poweredCard();
    card.faults.powerLossAfter(0);
    const error = await cut(card, '39 00 03');
    expect(error.address).to.equal(0);
    await card.powerOn();
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
    for (const hex of ['33 01 12', '33 02 34', '33 03 56', '39 00 FF', '38 40 00']) await send(card, hex);
    expect(await byteAt(card, 0x40)).to.equal(0xff);
  });

  it('a torn counter write spends no attempt however often it is repeated (and opens none)', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 10; i++) {
      card.faults.powerLossAfter(0);
      await cut(card, '39 00 03');
      await card.powerOn();
    }
    expect(await out(card, '31 00 00', 1)).to.equal('07');
  });

  it('during the counter erase after a right compare: the erase phase completes, EC reads 07, access is gone', async () => {
    const card = await poweredCard();
    for (const hex of ['39 00 03', '33 01 12', '33 02 34', '33 03 56']) await send(card, hex);
    card.faults.powerLossAfter(0);
    await cut(card, '39 00 FF');
    await card.powerOn();
    expect(await out(card, '31 00 00')).to.equal('07 00 00 00');
    await send(card, '38 40 00');
    expect(await byteAt(card, 0x40)).to.equal(0xff);
  });

  it('during UPDATE MAIN: erase+write leaves FF, write-only leaves the old byte, erase-only leaves FF', async () => {
    const card = await poweredCard();
    await procedure(card);
    await send(card, '38 40 55');
    await send(card, '38 41 55');
    await send(card, '38 42 55');
    card.faults.powerLossAfter(0);
    await cut(card, '38 40 AA');
    await card.powerOn();
    await procedure(card);
    card.faults.powerLossAfter(0);
    await cut(card, '38 41 05');
    await card.powerOn();
    await procedure(card);
    card.faults.powerLossAfter(0);
    await cut(card, '38 42 FF');
    await card.powerOn();
    expect(await out(card, '30 40 00', 3)).to.equal('FF 55 FF');
  });

  it('counts programming cycles across commands and skips commands that program nothing', async () => {
    const card = await poweredCard();
    await procedure(card);
    card.faults.powerLossAfter(2);
    await send(card, '38 50 01');
    await send(card, '30 00 00');
    await send(card, '38 03 00');
    await send(card, '38 51 02');
    expect(card.faults.pending).to.equal(0);
    await cut(card, '38 52 03');
    expect(card.faults.pending).to.equal(undefined);
    await card.powerOn();
    expect(await out(card, '30 50 00', 4)).to.equal('01 02 FF FF');
  });

  it('during a protection-bit write: the bit stays 1', async () => {
    const card = await poweredCard();
    await procedure(card);
    card.faults.powerLossAfter(0);
    await cut(card, '3C 10 FF');
    await card.powerOn();
    expect(await out(card, '34 00 00')).to.equal('00 FF 1F F8');
  });

  it('during a PSC change: the cut byte is left erased (FF) when it needed an erase', async () => {
    const card = await poweredCard();
    await procedure(card);
    card.faults.powerLossAfter(1);
    await send(card, '39 01 AB');
    await cut(card, '39 02 CD');
    await card.powerOn();
    expect(await procedure(card, Uint8Array.of(0xab, 0xff, 0x56))).to.equal('07');
  });

  it('leaves the card unpowered and mute until the next power-on', async () => {
    const card = await poweredCard();
    card.faults.powerLossAfter(0);
    await cut(card, '39 00 03');
    try {
      await send(card, '30 00 00');
      expect.fail('answered');
    } catch (error) {
      expect(error).to.be.instanceOf(CardMuteError);
    }
    expect(card.dump()).to.contain('unpowered');
  });

  it('a cleared fault never strikes', async () => {
    const card = await poweredCard();
    card.faults.powerLossAfter(0);
    card.faults.clear();
    await send(card, '39 00 03');
    expect(await out(card, '31 00 00', 1)).to.equal('03');
  });
});
