import { expect } from 'chai';
import { cpuCardFromProfile, CpuProfileError } from '../../../simulators/cards/cpu/index.ts';
import { PURSE_AID, send, sw } from './fixture.ts';
import { purseCard, purseProfile, type ToyPurse } from './toy-purse.ts';

describe('CPU card application hook', () => {
  it('the DF\'s application answers proprietary commands (CLA 80) while its DF is current, and only then', async () => {
    const card = await purseCard();
    expect(await sw(card, '80 5C 00 02 04')).to.equal('6E 00');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 27 10 90 00');
    expect(await sw(card, '80 54 00 00 04 00 00 03 E8')).to.equal('90 00');
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 23 28 90 00');
    expect(await sw(card, '80 54 00 00 04 00 01 00 00')).to.equal('94 01');
  });

  it('an application that refuses after writing leaves no write behind', async () => {
    const card = await purseCard();
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await sw(card, '80 56 00 00 04 00 00 03 E8')).to.equal('65 81');
    expect(card.nvm.bytesWritten).to.equal(4);
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 27 10 90 00');
  });

  it('a command the application declines is 6E 00; ISO commands (CLA 00) still go to the card', async () => {
    const card = await purseCard();
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await sw(card, '80 CA 00 00 04')).to.equal('6E 00');
    expect(await send(card, '00 B0 95 00 04')).to.equal('00 00 27 10 90 00');
  });

  it('its answers go through the transport: 61xx under T=0', async () => {
    const card = await purseCard([], 'T=0');
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(await send(card, '80 5C 00 02 04')).to.equal('00 00 27 10 90 00');
    expect(await send(card, '80 5C 00 02 02')).to.equal('6C 04');
  });

  it('it is reset when its DF stops being current and at power off', async () => {
    const created: ToyPurse[] = [];
    const card = await purseCard(created);
    const purse = created[0]!;
    const afterPowerOn = purse.resets;
    await send(card, `00 A4 04 0C 09 ${PURSE_AID}`);
    expect(purse.resets).to.equal(afterPowerOn);
    await send(card, '00 A4 00 0C 02 3F 00');
    expect(purse.resets).to.equal(afterPowerOn + 1);
    await card.powerOff();
    expect(purse.resets).to.equal(afterPowerOn + 2);
  });

  it('a profile naming an application the card was not given is refused at the application field', () => {
    expect(() => cpuCardFromProfile(purseProfile(), 'purse.json')).to.throw(CpuProfileError, 'purse.json: mf.files[4].application: unknown application "toy-purse"');
  });
});
