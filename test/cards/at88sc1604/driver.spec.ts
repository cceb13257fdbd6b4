import { expect } from 'chai';
import { CodeLockedError, LastAttemptError, NotProgrammedError, FieldRangeError } from '../../../src/cards/at88sc102/errors.ts';
import * as driver from '../../../src/cards/at88sc1604/driver.ts';
import { at88sc1604Definition, type At88sc1604Card } from '../../../simulators/cards/at88sc1604/index.ts';

const RIGHT = Uint8Array.of(0xf0, 0xf0);
const WRONG = Uint8Array.of(0x00, 0x01);
const BLANK = Uint8Array.of(0xff, 0xff);

async function card(): Promise<At88sc1604Card> {
  const c = at88sc1604Definition.create({ timing: false });
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

describe('AT88SC1604 driver', () => {
  it('presents SC, zone codes and erase keys, answering attempts left', async () => {
    const c = await card();
    expect(await driver.presentSecurityCode(c, WRONG)).to.equal(7);
    expect(await driver.presentSecurityCode(c, RIGHT)).to.equal(8);
    expect(await driver.presentZoneCode(c, 1, BLANK)).to.equal(8);
    expect(await driver.presentZoneCode(c, 2, BLANK)).to.equal(undefined);
    expect(await driver.presentEraseKey(c, 3, WRONG)).to.equal(7);
    expect(await driver.attemptsLeft(c, { zone: 3, field: 'eac' })).to.equal(7);
    expect(c.validatedCodes).to.deep.equal(['SC', 'SC1', 'SC2']);
  });

  it('refuses the last attempt unless insisted, and a locked counter always', async () => {
    const c = await card();
    for (let i = 0; i < 7; i++) await driver.presentEraseKey(c, 4, WRONG);
    const refused = await rejects(driver.presentEraseKey(c, 4, BLANK));
    expect(refused).to.be.instanceOf(LastAttemptError);
    expect((refused as LastAttemptError).field).to.equal('E4AC');
    expect(Array.from((refused as LastAttemptError).counter)).to.deep.equal([0x01]);
    expect(await driver.presentEraseKey(c, 4, WRONG, { insist: true })).to.equal(0);
    expect(await rejects(driver.presentEraseKey(c, 4, BLANK, { insist: true }))).to.be.instanceOf(CodeLockedError);
  });

  it('reads, writes, updates and erases zone fields', async () => {
    const c = await card();
    await driver.presentSecurityCode(c, RIGHT);
    await driver.write(c, { zone: 2, field: 'az' }, 10, Uint8Array.of(0x0f));
    await driver.update(c, { zone: 2, field: 'az' }, 10, Uint8Array.of(0xa5, 0x5a));
    expect(Array.from(await driver.read(c, { zone: 2, field: 'az' }, 9, 4))).to.deep.equal([0xff, 0xa5, 0x5a, 0xff]);
    expect(Array.from(await driver.erase(c, { zone: 2, field: 'az' }, 10))).to.deep.equal([0xff]);
    expect(Array.from(await driver.read(c, 'fuse1'))).to.deep.equal([0x00]);
  });

  it('reports refused writes and bad field references', async () => {
    const c = await card();
    const error = await rejects(driver.write(c, 'iz', 0, Uint8Array.of(0x00)));
    expect(error).to.be.instanceOf(NotProgrammedError);
    expect((error as NotProgrammedError).address).to.equal(16);
    expect(await rejects(driver.read(c, { zone: 2, field: 'sac' }))).to.be.instanceOf(FieldRangeError);
    expect(await rejects(driver.read(c, { zone: 1, field: 'az' }, 1195, 1))).to.be.instanceOf(FieldRangeError);
  });

  it('ends personalisation with FUSE2 and works the zones in level 2', async () => {
    const c = await card();
    expect(await rejects(driver.blowIssuerFuse(c))).to.be.instanceOf(NotProgrammedError);
    await driver.presentSecurityCode(c, RIGHT);
    await driver.blowIssuerFuse(c);
    expect(Array.from(await driver.read(c, 'fuse2'))).to.deep.equal([0x00]);
    await c.powerOff();
    await c.powerOn();
    expect(await rejects(driver.write(c, { zone: 1, field: 'az' }, 2, Uint8Array.of(0x00)))).to.be.instanceOf(NotProgrammedError);
    await driver.presentZoneCode(c, 1, BLANK);
    await driver.write(c, { zone: 1, field: 'az' }, 2, Uint8Array.of(0x00));
    expect(await rejects(driver.update(c, { zone: 1, field: 'az' }, 2, Uint8Array.of(0x11)))).to.be.instanceOf(NotProgrammedError);
    await driver.presentEraseKey(c, 1, BLANK);
    await driver.update(c, { zone: 1, field: 'az' }, 2, Uint8Array.of(0x11));
    expect(Array.from(await driver.read(c, { zone: 1, field: 'az' }, 2, 1))).to.deep.equal([0x11]);
  });
});
