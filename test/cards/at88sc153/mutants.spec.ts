import { expect } from 'chai';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc153Cases } from '../../../conformance/cards/at88sc153/cases.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';
import { at88sc153Mutants } from '../../mutants/cards/at88sc153.ts';

/**
 * The hand-written case aimed at each mutant's rule: it must be among the failures, so a mutant
 * cannot pass this test by tripping some unrelated case (or only the random model case).
 */
const CATCHES: Record<string, string> = {
  'page-no-roll-over': 'AT88SC153-PAGE-002',
  'single-verify-accepted': 'AT88SC153-PWD-002',
  'counter-not-decremented': 'AT88SC153-PWD-003',
  'access-rights-ignored': 'AT88SC153-ZONE-001',
};

// fewer model sequences here: the full 1,000 run in model.spec.ts
const OPTIONS = { suite: 'AT88SC153 mutants', seed: 20260101, tool: { name: 'mocha', version: '0' }, replay: 'npx mocha test/cards/at88sc153', propertyRuns: 150 };
const cases = at88sc153Cases;

describe('AT88SC153 conformance suite against the emulator and its mutants', () => {
  it('gives the reference emulator no fail, and N/A only to the authentication cases', async () => {
    const report = await runSuite([emulatorBinding(at88sc153Definition, cases)], OPTIONS);
    const notPassed = report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict} ${r.reason ?? ''}`);
    expect(notPassed.filter((line) => !line.includes('not-applicable'))).to.deep.equal([]);
    expect(report.results.filter((r) => r.verdict === 'not-applicable').map((r) => r.id)).to.deep.equal([
      'AT88SC153-AUTH-001', 'AT88SC153-AUTH-002', 'AT88SC153-AUTH-003',
    ]);
    expect(report.summary.pass).to.be.at.least(50);
  });

  it('names the case aimed at every mutant', () => {
    for (const mutant of at88sc153Mutants) expect(CATCHES[mutant.name], mutant.name).to.be.a('string');
  });

  for (const mutant of at88sc153Mutants) {
    it(`fails the mutant "${mutant.name}" (${mutant.breaks})`, async () => {
      const report = await runSuite([emulatorBinding(mutant.definition, cases, { kind: 'mutant', name: mutant.name })], OPTIONS);
      const failed = report.results.filter((r) => r.verdict === 'fail').map((r) => r.id);
      expect(failed, `the case aimed at ${mutant.name} did not catch it`).to.include(CATCHES[mutant.name]);
    });
  }

  it('has at least the four mutants the assignment names', () => {
    expect(at88sc153Mutants.map((m) => m.name)).to.include.members([
      'page-no-roll-over', 'single-verify-accepted', 'counter-not-decremented', 'access-rights-ignored',
    ]);
  });
});
