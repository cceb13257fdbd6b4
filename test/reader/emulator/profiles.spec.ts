import { expect } from 'chai';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';

describe('reader profiles', () => {
  for (const profile of Object.values(READER_PROFILES)) {
    // CCID 1.1 §5.1: bMaxSlotIndex is the highest slot number, slots count from 0.
    it(`${profile.name}: slots is bMaxSlotIndex + 1, and the emulator has that many`, () => {
      expect(profile.slots).to.equal(profile.descriptor.bMaxSlotIndex + 1);
      expect(new ReaderEmulator({ profile }).slots).to.have.length(profile.slots);
    });
  }
});
