import { expect } from 'chai';
import fc from 'fast-check';
import { VerdictSignal } from '../../conformance/framework/case.ts';
import { Evidence } from '../../conformance/framework/evidence.ts';
import { checkProperty } from '../../conformance/framework/property.ts';

const context = (propertyRuns: number) => ({ seed: 77, propertyRuns, evidence: new Evidence(() => 0) });

describe('property checks inside a case', () => {
  it('runs the asked number of sequences and notes it in the evidence', async () => {
    let runs = 0;
    const ctx = context(25);
    await checkProperty(fc.asyncProperty(fc.nat(), async () => void runs++), ctx);
    expect(runs).to.equal(25);
    expect(ctx.evidence.entries.map((e) => e.text)).to.deep.equal([
      'fast-check: 25 random sequences from seed 77',
      'fast-check: 25 sequences ran, 0 skipped, all agreed with the model',
    ]);
  });

  it('fails the case with the seed, path and shrunk counterexample', async () => {
    const property = fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), async (n) => {
      if (n >= 10) throw new Error(`too big: ${n}`);
    });
    await checkProperty(property, context(200)).then(
      () => expect.fail('a failing property passed'),
      (error: unknown) => {
        expect(error).to.be.instanceOf(VerdictSignal);
        expect((error as VerdictSignal).reason).to.match(/^property failed \(seed 77, path "[0-9:]+"\): \[10\]; cause: Error: too big: 10/);
      },
    );
  });
});
