import { expect } from 'chai';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { sle4442Cases } from '../../../conformance/cards/sle4442/cases.ts';
import { sle4442Definition } from '../../../simulators/cards/sle4442/index.ts';
import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';
import { sle4442Mutants } from '../../mutants/cards/sle4442.ts';

/** The reference run uses the default number of property sequences; mutant runs fewer (seven suites run here). */
const RUN = { suite: 'SLE4442 mutants', seed: 4442, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };
const MUTANT_RUN = { ...RUN, propertyRuns: 200 };
const CASES = sle4442Cases;

async function failures(definition: CardDefinition): Promise<string[]> {
  const report = await runSuite([emulatorBinding(definition, CASES)], MUTANT_RUN);
  return report.results.filter((r) => r.verdict === 'fail').map((r) => `${r.id}: ${r.reason}`);
}

describe('SLE4442 conformance suite against the emulator and its mutants', function () {
  this.timeout(60_000);

  it('has 20 to 60 cases with unique ids, each citing a clause', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.length).to.be.within(20, 60);
    for (const c of CASES) {
      expect(c.id).to.match(/^SLE4442-[A-Z]+-\d{3}$/);
      expect(c.clause.length, c.id).to.be.greaterThan(10);
    }
  });

  it('the reference emulator passes every case (no fail, no inconclusive, no N/A)', async () => {
    const report = await runSuite([emulatorBinding(sle4442Definition, CASES)], RUN);
    const notPassed = report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
    expect(notPassed).to.deep.equal([]);
  });

  it('has at least the four required mutants', () => {
    expect(sle4442Mutants.length).to.be.at.least(4);
    expect(sle4442Mutants.map((m) => m.name)).to.include.members([
      'counter-not-decremented',
      'counter-erased-on-wrong-psc',
      'protection-ignored',
      'lock-ignored',
      'psc-readable',
    ]);
  });

  for (const mutant of sle4442Mutants) {
    it(`mutant "${mutant.name}" fails at least one case (${mutant.breaks})`, async () => {
      expect(await failures(mutant.definition)).to.not.be.empty;
    });
  }
});
