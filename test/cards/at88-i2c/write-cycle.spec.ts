import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import * as cmd153 from '../../../src/cards/at88sc153/commands.ts';
import * as cmd1608 from '../../../src/cards/at88sc1608/commands.ts';
import { SelfTimedWriteCycle } from '../../../simulators/cards/at88-i2c/write-cycle.ts';
import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';

describe('AT88SC153/1608 self-timed write cycle', () => {
  it('runs for its length on the clock; power (off or on) ends it; with timing off it takes no time', () => {
    const clock = new VirtualClock();
    const cycle = new SelfTimedWriteCycle(clock, true, 10_000);
    expect(cycle.running).to.equal(false);
    expect(cycle.start()).to.equal(10_000);
    clock.advance(9.999);
    expect(cycle.running).to.equal(true);
    clock.advance(0.001);
    expect(cycle.running).to.equal(false);
    cycle.start();
    cycle.end();
    expect(cycle.running).to.equal(false);
    const untimed = new SelfTimedWriteCycle(clock, false, 10_000);
    expect(untimed.start()).to.equal(0);
    expect(untimed.running).to.equal(false);
  });

  // The two emulators used to keep this bookkeeping apart (the AT88SC1608 ended a cycle at
  // power-off, the AT88SC153 only at the next power-on); both now share one shell.
  const parts: [string, CardDefinition, ChipCommand, ChipCommand][] = [
    ['AT88SC153', at88sc153Definition, cmd153.verifyPassword(cmd153.SECURE_CODE, Uint8Array.of(1, 2, 3)), cmd153.readFuses()],
    ['AT88SC1608', at88sc1608Definition, cmd1608.verifyPassword(cmd1608.SECURE_CODE, Uint8Array.of(1, 2, 3)), cmd1608.ackPoll()],
  ];
  for (const [name, definition, write, probe] of parts) {
    it(`${name}: a write cycle survives RST but not a power cycle`, async () => {
      const clock = new VirtualClock();
      const card = definition.create({ clock });
      await card.powerOn();
      expect((await card.execute(write)).busyMicros).to.equal(10_000);
      await card.reset();
      expect((await card.execute(probe)).acknowledged, 'after RST').to.equal(false);
      await card.powerOff();
      await card.powerOn();
      expect((await card.execute(probe)).acknowledged, 'after a power cycle').to.equal(true);
    });
  }
});
