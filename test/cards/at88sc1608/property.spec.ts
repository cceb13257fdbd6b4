import fc from 'fast-check';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc1608Property } from '../../../conformance/cards/at88sc1608/model-commands.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';

describe('AT88SC1608 model-based property', () => {
  it(`the emulator agrees with the reference model over ${propertyRuns()} random command sequences`, async () => {
    await fc.assert(at88sc1608Property(emulatorBinding(at88sc1608Definition, []).target), { numRuns: propertyRuns() });
  }).timeout(60_000);
});
