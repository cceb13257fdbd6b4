import fc from 'fast-check';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc102Property } from '../../../conformance/cards/at88sc102/model-commands.ts';
import { at88sc102Definition } from '../../../simulators/cards/at88sc102/index.ts';

describe('AT88SC102 emulator against the reference model', function () {
  this.timeout(60_000);

  it(`answers like the model over ${propertyRuns()} random command sequences (power loss included)`, async () => {
    await fc.assert(at88sc102Property(emulatorBinding(at88sc102Definition, []).target), { numRuns: propertyRuns() });
  });
});
