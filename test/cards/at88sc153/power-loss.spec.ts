import { expect } from 'chai';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { SECURE_CODE } from '../../../src/cards/at88sc153/commands.ts';
import { SECRET, bytes, cfg, expectMute, fill, poweredCard, secureCode, user } from './helpers.ts';

describe('AT88SC153 power loss', () => {
  it('mid page write: cells before the cut written, the cut cell erased, the rest unchanged', async () => {
    const card = await poweredCard();
    await card.execute(cmd.writeUserZone(0, 8, fill(8, 0x11)));
    card.faults.powerLossAfter(5);
    await expectMute(() => card.execute(cmd.writeUserZone(0, 8, fill(8, 0x22))));
    expect(card.isPowered).to.equal(false);
    await expectMute(() => card.execute(cmd.readUserZone(0, 8, 8)));
    await card.powerOn();
    expect(await user(card, 0, 8, 8)).to.deep.equal([0x22, 0x22, 0x22, 0x22, 0x22, 0xff, 0x11, 0x11]);
  });

  it('a write-only cut leaves the cell unchanged; cells needing no cycle do not count', async () => {
    const card = await poweredCard();
    card.faults.powerLossAfter(1); // FF -> FF needs no cycle, so cells 0 and 2 are the 1st and 2nd cycles
    await expectMute(() => card.execute(cmd.writeUserZone(1, 0, bytes(0x0f, 0xff, 0x0f, 0x0f))));
    await card.powerOn();
    expect(await user(card, 1, 0, 4)).to.deep.equal([0x0f, 0xff, 0xff, 0xff]);
  });

  it('during the first pass of Verify Password the counter keeps its bit, and the session is gone', async () => {
    const card = await poweredCard();
    card.faults.powerLossAfter(0);
    await expectMute(() => card.execute(cmd.verifyPassword(SECURE_CODE, SECRET)));
    await card.powerOn();
    expect(await cfg(card, 0x38, 1)).to.deep.equal([0xff]);
    await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET));
    expect(await cfg(card, 0x38, 1)).to.deep.equal([0xfe]); // a new first pass, not a comparison
  });

  it('while the right password erases the counter, the erase completes (FF) but nothing stays verified', async () => {
    const card = await poweredCard();
    await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET));
    card.faults.powerLossAfter(0);
    await expectMute(() => card.execute(cmd.verifyPassword(SECURE_CODE, SECRET)));
    await card.powerOn();
    expect(await cfg(card, 0x38, 4)).to.deep.equal([0xff, 7, 7, 7]);
  });

  it('while a fuse is blown (write-only cycle) the fuse stays intact', async () => {
    const card = await poweredCard();
    await secureCode(card);
    card.faults.powerLossAfter(0);
    await expectMute(() => card.execute(cmd.writeFuses('FAB')));
    await card.powerOn();
    expect([...(await card.execute(cmd.readFuses())).data]).to.deep.equal([7]);
  });
});
