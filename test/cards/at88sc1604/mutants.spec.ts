import { expect } from 'chai';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc1604Cases } from '../../../conformance/cards/at88sc1604/cases.ts';
import { at88sc1604Definition } from '../../../simulators/cards/at88sc1604/index.ts';
import { at88sc1604Mutants } from '../../mutants/cards/at88sc1604.ts';

/**
 * The hand-written case aimed at each mutant's rule: it must be among the failures, so a mutant
 * cannot pass this test by tripping some unrelated case (or only the random model case).
 */
const CATCHES: Record<string, string> = {
  'counter-not-decremented': 'AT88SC1604-SEC-002',
  'lock-ignored': 'AT88SC1604-WRITE-002',
  'counter-restored-on-wrong-code': 'AT88SC1604-SEC-004',
};

const OPTIONS = { suite: 'AT88SC1604 mutants', seed: 20260101, tool: { name: 'stbpay', version: 'test' }, replay: '', propertyRuns: 150 };
// fewer property runs above: the hand-written cases already catch each mutant
const cases = at88sc1604Cases;

describe('AT88SC1604 conformance suite against the emulator and its mutants', function () {
  this.timeout(60_000);

  it('the reference emulator gets no fail verdict', async () => {
    const report = await runSuite([emulatorBinding(at88sc1604Definition, cases)], OPTIONS);
    const failed = report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`);
    expect(failed).to.deep.equal([]);
    expect(report.summary.total).to.be.greaterThan(30);
  });

  it('names the case aimed at every mutant', () => {
    for (const mutant of at88sc1604Mutants) expect(CATCHES[mutant.name], mutant.name).to.be.a('string');
  });

  for (const mutant of at88sc1604Mutants) {
    it(`the ${mutant.name} mutant fails (breaks: ${mutant.breaks})`, async () => {
      const binding = emulatorBinding(mutant.definition, cases, { kind: 'mutant', name: mutant.name });
      const report = await runSuite([binding], OPTIONS);
      const failed = report.results.filter((r) => r.verdict === 'fail').map((r) => r.id);
      expect(failed, 'cases failing this mutant').to.include(CATCHES[mutant.name]);
    });
  }
});
