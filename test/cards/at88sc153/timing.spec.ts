import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import * as cmd from '../../../src/cards/at88sc153/commands.ts';
import { SECURE_CODE } from '../../../src/cards/at88sc153/commands.ts';
import { SECRET, fill, poweredCard } from './helpers.ts';

describe('AT88SC153 timing model', () => {
  it('reports a 10 ms write cycle and NACKs every command until the clock passes it', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    const write = await card.execute(cmd.writeUserZone(0, 0, fill(8, 0)));
    expect(write).to.deep.include({ acknowledged: true, busyMicros: 10_000 });
    clock.advance(9.999);
    expect(await card.execute(cmd.readUserZone(0, 0, 1))).to.deep.equal({ data: new Uint8Array(0), acknowledged: false, busyMicros: 0 });
    expect(await card.execute(cmd.writeUserZone(0, 0, fill(1, 0x55)))).to.deep.include({ acknowledged: false });
    clock.advance(0.001);
    expect([...(await card.execute(cmd.readUserZone(0, 0, 2))).data]).to.deep.equal([0, 0]);
  });

  it('runs a write cycle for both passes of Verify Password, none for reads or refused writes', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    expect((await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET))).busyMicros).to.equal(10_000);
    clock.advance(10);
    expect((await card.execute(cmd.verifyPassword(SECURE_CODE, SECRET))).busyMicros).to.equal(10_000);
    clock.advance(10);
    expect((await card.execute(cmd.readConfigZone(0x38, 1))).busyMicros).to.equal(0);
    await card.powerOff();
    await card.powerOn();
    expect((await card.execute(cmd.writeConfigZone(0x10, fill(2, 0)))).busyMicros).to.equal(0); // refused: no cycle
  });

  it('a power cycle ends a pending cycle (it cannot outlive the supply); RST does not', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    await card.execute(cmd.writeUserZone(0, 0, fill(1, 0)));
    await card.reset();
    expect((await card.execute(cmd.readFuses())).acknowledged).to.equal(false);
    await card.powerOff();
    await card.powerOn();
    expect((await card.execute(cmd.readFuses())).acknowledged).to.equal(true);
  });

  it('with timing off every cycle takes no time and the chip is never busy', async () => {
    const card = await poweredCard();
    for (let i = 0; i < 3; i++) {
      expect(await card.execute(cmd.writeUserZone(0, 0, fill(8, i)))).to.deep.include({ acknowledged: true, busyMicros: 0 });
    }
    expect([...(await card.execute(cmd.readUserZone(0, 0, 1))).data]).to.deep.equal([2]);
  });
});
