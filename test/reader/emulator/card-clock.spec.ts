import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';

/**
 * AT88SC parts refuse every command during their self-timed write cycle (10 ms, AT88SC1608 datasheet
 * 0971H p1), so the reader firmware must wait it out on the clock the card measures it on.
 */
describe('reader emulator: cards with the timing model on', () => {
  it('writes an AT88SC1608 page through the firmware when the card runs on the reader clock', async () => {
    const clock = new VirtualClock();
    const emulator = new ReaderEmulator({ clock });
    emulator.insert(0, emulator.createCard('AT88SC1608', { timing: true }));
    const slot = emulator.slots[0]!;
    await slot.powerOn();
    const start = clock.now();
    expect(toHex(await slot.transmit(parseHex('FF D0 00 10 02 12 34')))).to.equal('90 00');
    expect(clock.now() - start, 'the firmware waited out one write cycle on the reader clock').to.be.at.least(10);
    expect(toHex(await slot.transmit(parseHex('FF B0 00 10 02')))).to.equal('12 34 90 00');
  });

  it('cannot write a card whose cycle runs on a clock the reader never moves (why createCard exists)', async () => {
    const emulator = new ReaderEmulator({ clock: new VirtualClock() });
    const { cardDefinition } = await import('../../../simulators/cards/registry.ts');
    emulator.insert(0, cardDefinition('AT88SC1608').create({ timing: true, clock: new VirtualClock() }));
    const slot = emulator.slots[0]!;
    await slot.powerOn();
    // The page goes in, but the card's own clock never moves: it stays busy, the read-back is NACKed.
    expect(toHex(await slot.transmit(parseHex('FF D0 00 10 02 12 34')))).to.equal('6F 00');
  });
});
