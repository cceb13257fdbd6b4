import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { ChipNackError, CodeLockedError, LastAttemptError, NotProgrammedError, FieldRangeError } from '../../../src/cards/at88sc102/errors.ts';
import * as driver from '../../../src/cards/at88sc102/driver.ts';
import { at88sc102Definition, type At88sc102Card } from '../../../simulators/cards/at88sc102/index.ts';

const RIGHT = Uint8Array.of(0xf0, 0xf0);
const WRONG = Uint8Array.of(0x00, 0x01);

async function card(): Promise<At88sc102Card> {
  const c = at88sc102Definition.create({ timing: false });
  await c.powerOn();
  return c;
}
async function rejects(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('AT88SC102 driver', () => {
  it('presents the security code and answers the attempts left', async () => {
    const c = await card();
    expect(await driver.presentSecurityCode(c, WRONG)).to.equal(3);
    expect(await driver.presentSecurityCode(c, RIGHT)).to.equal(4);
    expect(c.validatedCodes).to.deep.equal(['SC']);
  });

  it('refuses to present at one attempt left unless insisted, and at none', async () => {
    const c = await card();
    for (let i = 0; i < 3; i++) await driver.presentSecurityCode(c, WRONG);
    const refused = await rejects(driver.presentSecurityCode(c, RIGHT));
    expect(refused).to.be.instanceOf(LastAttemptError);
    expect((refused as LastAttemptError).code).to.equal('STBPAY_ERR_AT88_LAST_ATTEMPT');
    expect(Array.from((refused as LastAttemptError).counter)).to.deep.equal([0x1f, 0xff]);
    expect(await driver.securityCodeAttemptsLeft(c)).to.equal(1);
    expect(await driver.presentSecurityCode(c, WRONG, { insist: true })).to.equal(0);
    const locked = await rejects(driver.presentSecurityCode(c, RIGHT, { insist: true }));
    expect(locked).to.be.instanceOf(CodeLockedError);
    expect((locked as CodeLockedError).field).to.equal('SCAC');
  });

  it('insisting with the right code at one attempt left opens the card and restores the counter', async () => {
    const c = await card();
    for (let i = 0; i < 3; i++) await driver.presentSecurityCode(c, WRONG);
    expect(await driver.presentSecurityCode(c, RIGHT, { insist: true })).to.equal(4);
  });

  it('reads, writes and updates fields, verifying what the chip programmed', async () => {
    const c = await card();
    await driver.presentSecurityCode(c, RIGHT);
    await driver.write(c, 'iz', 2, Uint8Array.of(0x12, 0x34));
    expect(Array.from(await driver.read(c, 'iz', 0, 4))).to.deep.equal([0xff, 0xff, 0x12, 0x34]);
    await driver.update(c, 'iz', 3, Uint8Array.of(0xab));
    expect(Array.from(await driver.read(c, 'iz', 0, 5))).to.deep.equal([0xff, 0xff, 0x12, 0xab, 0xff]);
    expect(Array.from(await driver.erase(c, 'iz', 2))).to.deep.equal([0xff, 0xff]);
  });

  it('reports a refused write with the field, address and bytes', async () => {
    const c = await card();
    const error = await rejects(driver.write(c, 'cpz', 0, Uint8Array.of(0x00)));
    expect(error).to.be.instanceOf(NotProgrammedError);
    expect((error as NotProgrammedError).field).to.equal('CPZ');
    expect((error as NotProgrammedError).address).to.equal(112);
    expect(Array.from((error as NotProgrammedError).actual)).to.deep.equal([0xff]);
    expect(await rejects(driver.read(c, 'sc', 1, 2))).to.be.instanceOf(FieldRangeError);
  });

  it('changes the security code', async () => {
    const c = await card();
    await driver.presentSecurityCode(c, RIGHT);
    await driver.changeSecurityCode(c, Uint8Array.of(0x24, 0x68));
    await c.powerOff();
    await c.powerOn();
    expect(await driver.presentSecurityCode(c, Uint8Array.of(0x24, 0x68))).to.equal(4);
  });

  it('erases application zones with their keys, paying EC2 when asked', async () => {
    const c = await card();
    await driver.presentSecurityCode(c, RIGHT);
    await driver.write(c, 'az1', 4, Uint8Array.of(0));
    await driver.write(c, 'az2', 4, Uint8Array.of(0));
    expect(await rejects(driver.eraseApplicationZone(c, 1, new Uint8Array(6)))).to.be.instanceOf(NotProgrammedError);
    await driver.eraseApplicationZone(c, 1, new Uint8Array(6).fill(0xff));
    await driver.eraseApplicationZone(c, 2, new Uint8Array(4).fill(0xff), { ec2: true });
    expect(await driver.ec2ErasesLeft(c)).to.equal(127);
    expect(Array.from(await driver.read(c, 'az2', 4, 1))).to.deep.equal([0xff]);
  });

  it('blows fuses and reads them back', async () => {
    const c = await card();
    await driver.presentSecurityCode(c, RIGHT);
    await driver.blowFuse(c, 'ec2enFuse');
    expect(await driver.fuseBlown(c, 'ec2enFuse')).to.equal(true);
    expect(await driver.fuseBlown(c, 'issuerFuse')).to.equal(false);
    await driver.blowFuse(c, 'issuerFuse');
    expect(await rejects(driver.blowFuse(c, 'manufacturerFuse'))).to.be.instanceOf(NotProgrammedError);
  });

  it('waits out each cycle on the given clock; without one a timed card NACKs', async () => {
    const clock = new VirtualClock();
    const timed = at88sc102Definition.create({ clock });
    await timed.powerOn();
    expect(await driver.presentSecurityCode(timed, RIGHT, { clock })).to.equal(4);
    expect(clock.now() - Date.UTC(2026, 0, 1)).to.equal(6);
    const error = await rejects(driver.presentSecurityCode(timed, RIGHT));
    expect(error).to.be.instanceOf(ChipNackError);
  });
});
