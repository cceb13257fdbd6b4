import fc from 'fast-check';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc153Property } from '../../../conformance/cards/at88sc153/model-commands.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';

describe('AT88SC153 model-based property', () => {
  it(`behaves like the reference model for ${propertyRuns()} random command sequences`, async () => {
    const target = emulatorBinding(at88sc153Definition, []).target;
    await fc.assert(at88sc153Property(target), { numRuns: propertyRuns() });
  });
});
