import fc from 'fast-check';
import { expect } from 'chai';
import { propertyRuns } from '../../../conformance/framework/property.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { sle4428Property } from '../../../conformance/cards/sle4428/model-commands.ts';
import { sle4428Definition } from '../../../simulators/cards/sle4428/index.ts';
import { sle4428Mutants } from '../../mutants/cards/sle4428.ts';

describe('SLE4428 emulator against the reference model', () => {
  const { target } = emulatorBinding(sle4428Definition, []);

  it(`answers every random command sequence as the model does (${propertyRuns()} sequences)`, async () => {
    await fc.assert(sle4428Property(target), { numRuns: propertyRuns() });
  });

  it('also without power-loss steps (what a real card behind a reader can run)', async () => {
    await fc.assert(sle4428Property(target, { powerLoss: false }), { numRuns: 100 });
  });

  it('finds the lock-ignored mutant and prints the counterexample as chip bytes', async () => {
    const broken = sle4428Mutants.find((m) => m.name === 'lock-ignored');
    const details = await fc.check(sle4428Property(emulatorBinding(broken!.definition, []).target), { numRuns: 1000, seed: 4428 });
    expect(details.failed).to.equal(true);
    expect(fc.stringify(details.counterexample)).to.match(/PSC\((right|wrong): F2 FD [0-9A-F]{2}; CD FE/);
  });
});
