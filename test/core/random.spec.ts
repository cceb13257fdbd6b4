import { expect } from 'chai';
import { createRandom } from '../../src/core/random.ts';
import { VirtualClock } from '../../src/core/clock.ts';

describe('seeded randomness and the virtual clock', () => {
  it('replays the same stream from the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from(a.bytes(16))).to.deep.equal(Array.from(b.bytes(16)));
    expect(a.fork().int(0, 1_000_000)).to.equal(b.fork().int(0, 1_000_000));
    expect(Array.from(createRandom(43).bytes(16))).to.not.deep.equal(Array.from(createRandom(42).bytes(16)));
  });

  it('keeps ints in range', () => {
    const r = createRandom(7);
    for (let i = 0; i < 1000; i++) expect(r.int(3, 5)).to.be.within(3, 5);
  });

  it('moves the virtual clock only when told or slept', async () => {
    const clock = new VirtualClock(1000);
    expect(clock.now()).to.equal(1000);
    await clock.sleep(2.5);
    clock.advance(10);
    expect(clock.now()).to.equal(1012.5);
    expect(() => clock.advance(-1)).to.throw(RangeError);
  });
});
