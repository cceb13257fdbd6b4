import { expect } from 'chai';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { sle4428Cases } from '../../../conformance/cards/sle4428/cases.ts';
import { sle4428Definition } from '../../../simulators/cards/sle4428/index.ts';
import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';
import { sle4428Mutants } from '../../mutants/cards/sle4428.ts';

/** A shorter model case (150 sequences per target) keeps this test quick. */
const cases = sle4428Cases;
const options = { suite: 'sle4428 mutants', seed: 4428, tool: { name: 'stbpay', version: 'test' }, replay: 'mocha', propertyRuns: 150 };

async function verdicts(definition: CardDefinition) {
  return (await runSuite([emulatorBinding(definition, cases)], options)).results;
}

describe('SLE4428 conformance suite against the emulator and its mutants', () => {
  it('has thorough coverage: 20+ hand-written cases, 5+ golden vectors and the model case', () => {
    expect(sle4428Cases.filter((c) => !c.tags.includes('golden-vector')).length).to.be.at.least(25);
    expect(sle4428Cases.filter((c) => c.tags.includes('golden-vector')).length).to.be.at.least(5);
    expect(sle4428Cases.map((c) => c.id)).to.include('SLE4428-MODEL-001');
    expect(new Set(sle4428Cases.map((c) => c.id)).size).to.equal(sle4428Cases.length);
  });

  it('the reference emulator passes every case', async () => {
    const results = await verdicts(sle4428Definition);
    const bad = results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.verdict} ${r.reason ?? ''}`);
    expect(bad).to.deep.equal([]);
  });

  for (const mutant of sle4428Mutants) {
    it(`mutant "${mutant.name}" (breaks: ${mutant.breaks}) fails at least one case`, async () => {
      const failed = (await verdicts(mutant.definition)).filter((r) => r.verdict === 'fail').map((r) => r.id);
      expect(failed, 'failing cases').to.not.be.empty;
    });
  }
});
