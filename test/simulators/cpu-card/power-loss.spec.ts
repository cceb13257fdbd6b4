import { expect } from 'chai';
import { PowerLost } from '../../../simulators/cards/common/power-loss.ts';
import type { CpuCardEmulator } from '../../../simulators/cards/cpu/index.ts';
import { parseHex } from '../../../src/core/hex.ts';
import { PURSE_AID, poweredCard, send, sw } from './fixture.ts';
import { purseCard } from './toy-purse.ts';

const VERIFY_PIN = '00 20 00 00 03 12 34 56';

async function expectPowerLoss(card: CpuCardEmulator, command: string): Promise<void> {
  let error: unknown;
  await card.transmit(parseHex(command)).catch((e: unknown) => (error = e));
  expect(error).to.be.instanceOf(PowerLost);
  expect((error as PowerLost).code).to.equal('STBPAY_ERR_CARD_MUTE');
  expect(card.isPowered).to.equal(false);
  await card.powerOn();
}

describe('CPU card power loss mid-write', () => {
  it('by default a command\'s writes are all-or-nothing: a loss inside UPDATE BINARY leaves the file as it was', async () => {
    const card = await poweredCard('T=1');
    await send(card, VERIFY_PIN);
    card.faults.powerLossAfter(2);
    await expectPowerLoss(card, '00 D6 81 00 04 AB CD EF 01');
    expect(await send(card, '00 B0 81 00 04')).to.equal('00 01 02 03 90 00');
  });

  it('armed with tear, the bytes written before the loss stay: a torn write', async () => {
    const card = await poweredCard('T=1');
    await send(card, VERIFY_PIN);
    card.faults.powerLossAfter(2, { tear: true });
    await expectPowerLoss(card, '00 D6 81 00 04 AB CD EF 01');
    expect(await send(card, '00 B0 81 00 04')).to.equal('AB CD 02 03 90 00');
  });

  it('the count runs across commands, and the loss also wipes the volatile state (PIN no longer verified)', async () => {
    const card = await poweredCard('T=1');
    card.faults.powerLossAfter(4); // VERIFY writes 2 bytes, then the 3rd byte of the update is cut
    await send(card, VERIFY_PIN);
    expect(card.faults.pending).to.equal(2);
    await expectPowerLoss(card, '00 D6 81 00 04 AB CD EF 01');
    expect(card.faults.pending).to.equal(undefined);
    expect(await send(card, '00 B0 81 00 04')).to.equal('00 01 02 03 90 00');
    expect(await sw(card, '00 D6 81 00 01 AB')).to.equal('69 82');
  });

  it('VERIFY cut while it writes the counter back: rolled back, no try lost; torn, a try lost', async () => {
    const atomic = await poweredCard('T=1');
    atomic.faults.powerLossAfter(1);
    await expectPowerLoss(atomic, VERIFY_PIN);
    expect(await sw(atomic, '00 20 00 00')).to.equal('63 C3');
    const torn = await poweredCard('T=1');
    torn.faults.powerLossAfter(1, { tear: true });
    await expectPowerLoss(torn, VERIFY_PIN);
    expect(await sw(torn, '00 20 00 00')).to.equal('63 C2');
  });

  it('an application\'s writes share the fault: a DEBIT cut mid-balance is rolled back, or torn when armed so', async () => {
    const card = await purseCard();
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    card.faults.powerLossAfter(3);
    await expectPowerLoss(card, '80 54 00 00 04 00 00 27 0F');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 27 10 90 00');
    // 0x2710 - 0x270F = 00 00 00 01: torn after 3 bytes, the old low byte 10 stays.
    card.faults.powerLossAfter(3, { tear: true });
    await expectPowerLoss(card, '80 54 00 00 04 00 00 27 0F');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 00 10 90 00');
  });

  it('clear() disarms the fault', async () => {
    const card = await poweredCard('T=1');
    card.faults.powerLossAfter(0);
    card.faults.clear();
    expect(await sw(card, VERIFY_PIN)).to.equal('90 00');
  });
});
