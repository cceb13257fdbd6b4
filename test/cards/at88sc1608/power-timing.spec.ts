import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CardMuteError, type ChipCommand } from '../../../src/cards/synchronous-card.ts';
import * as cmd from '../../../src/cards/at88sc1608/commands.ts';
import type { At88sc1608Card } from '../../../simulators/cards/at88sc1608/index.ts';
import { SECRET, bytes, hex, poweredCard, run } from './helpers.ts';

async function mute(card: At88sc1608Card, command: ChipCommand): Promise<void> {
  let error: unknown;
  await card.execute(command).catch((e: unknown) => (error = e));
  expect(error, 'power lost').to.be.instanceOf(CardMuteError);
}

describe('AT88SC1608 power loss (Eeprom rule, bytes in ascending address order)', () => {
  for (const [after, expected] of [
    [0, 'FF 11 22 33'],
    [1, 'AA FF 22 33'],
    [3, 'AA BB CC FF'],
  ] as const) {
    it(`power lost after ${after} cycles of a 4-byte page write leaves ${expected}`, async () => {
      const card = await poweredCard();
      await run(card, cmd.setUserZoneAddress(1));
      await run(card, cmd.writeUserZone(0x40, bytes(0x00, 0x11, 0x22, 0x33)));
      card.faults.powerLossAfter(after);
      await mute(card, cmd.writeUserZone(0x40, bytes(0xaa, 0xbb, 0xcc, 0xdd)));
      expect(hex(card.user.read(256 + 0x40, 4))).to.equal(expected);
      expect(card.faults.pending).to.equal(undefined);
      await mute(card, cmd.readFuses()); // the card is unpowered now
    });
  }

  it('a write-only cycle cut by power loss leaves the byte as it was; unchanged bytes cost no cycle', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(0));
    await run(card, cmd.writeUserZone(0x00, bytes(0xff, 0x0f)));
    card.faults.powerLossAfter(0);
    await mute(card, cmd.writeUserZone(0x00, bytes(0xff, 0x01))); // FF over FF is no cycle; 0F -> 01 write-only, cut
    expect(hex(card.user.read(0, 2))).to.equal('FF 0F');
  });

  it('power lost while a wrong password is counted leaves the PAC untouched; the right one leaves FF', async () => {
    const card = await poweredCard();
    await run(card, cmd.verifyPassword(cmd.SECURE_CODE, bytes(1, 1, 1)));
    card.faults.powerLossAfter(0);
    await mute(card, cmd.verifyPassword(cmd.SECURE_CODE, bytes(1, 1, 1)));
    expect(card.config.cells[0x78]).to.equal(0xfe);
    await card.powerOn();
    card.faults.powerLossAfter(0);
    await mute(card, cmd.verifyPassword(cmd.SECURE_CODE, SECRET));
    expect(card.config.cells[0x78]).to.equal(0xff);
    expect(card.session.active).to.equal(null);
  });

  it('power lost while blowing a fuse leaves it intact (a fuse is a write-only cycle)', async () => {
    const card = await poweredCard();
    await run(card, cmd.verifyPassword(cmd.SECURE_CODE, SECRET));
    card.faults.powerLossAfter(0);
    await mute(card, cmd.blowNextFuse());
    expect(card.fuseByte()).to.equal(0xff);
  });
});

describe('AT88SC1608 timing model', () => {
  it('NACKs every command for 10 ms after a write, on the card clock', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    await run(card, cmd.setUserZoneAddress(0));
    expect((await run(card, cmd.writeUserZone(0, bytes(1)))).busyMicros).to.equal(10_000);
    for (const command of [cmd.ackPoll(), cmd.readFuses(), cmd.setUserZoneAddress(1)]) await run(card, command, false);
    clock.advance(9.5);
    await run(card, cmd.ackPoll(), false);
    clock.advance(0.5);
    await run(card, cmd.ackPoll());
    expect(card.session.zone).to.equal(0);
  });

  it('every verify password, fuse blow and config write starts a 10 ms cycle; reads and zone selection none', async () => {
    const clock = new VirtualClock();
    const card = await poweredCard({ clock });
    expect((await run(card, cmd.readConfigurationZone(0, 4))).busyMicros).to.equal(0);
    expect((await run(card, cmd.setUserZoneAddress(0))).busyMicros).to.equal(0);
    for (const command of [cmd.verifyPassword(cmd.SECURE_CODE, SECRET), cmd.blowNextFuse(), cmd.writeConfigurationZone(0x38, bytes(0))]) {
      expect((await run(card, command)).busyMicros).to.equal(10_000);
      clock.advance(10);
    }
    expect((await run(card, cmd.writeConfigurationZone(0x10, bytes(0)))).busyMicros).to.equal(10_000);
  });

  it('with timing off nothing is ever busy; power-off ends a running cycle', async () => {
    const card = await poweredCard();
    await run(card, cmd.setUserZoneAddress(0));
    expect((await run(card, cmd.writeUserZone(0, bytes(1)))).busyMicros).to.equal(0);
    await run(card, cmd.ackPoll());
    const clock = new VirtualClock();
    const timed = await poweredCard({ clock });
    await run(timed, cmd.verifyPassword(cmd.SECURE_CODE, SECRET));
    await timed.powerOff();
    await timed.powerOn();
    await run(timed, cmd.ackPoll());
  });
});
