import fc from 'fast-check';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc1604Property } from '../../../conformance/cards/at88sc1604/model-commands.ts';
import { at88sc1604Definition } from '../../../simulators/cards/at88sc1604/index.ts';

describe('AT88SC1604 emulator against the reference model', function () {
  this.timeout(60_000);

  it(`answers like the model over ${propertyRuns()} random command sequences (power loss included)`, async () => {
    await fc.assert(at88sc1604Property(emulatorBinding(at88sc1604Definition, []).target), { numRuns: propertyRuns() });
  });
});
