import { expect } from 'chai';
import { BOSS_CASES } from '../../../conformance/boss/suite.ts';
import { TEST_TIMERS } from './support/mutant.ts';
import { startOurBoss } from './support/our-boss.ts';
import { notPassed, runAgainst } from './support/run.ts';
import { variantBoss } from './support/variant.ts';

describe('BOSS conformance suite against a correct BOSS unlike ours', function () {
  this.timeout(60_000);

  it('passes every case, slow ones included, where the BOSS chose otherwise than ours what the contract leaves open', async () => {
    const boss = await startOurBoss({ ...TEST_TIMERS, wrap: variantBoss() });
    try {
      const report = await runAgainst(boss);
      expect(notPassed(report)).to.deep.equal([]);
      expect(report.summary.total).to.equal(BOSS_CASES.length);
      // It was the variant the suite judged: its choices are in the evidence.
      const evidence = report.results.flatMap((r) => r.evidence.map((e) => e.text ?? '')).join('\n');
      expect(evidence).to.match(/\|0000\|ACCEPTED\|/);
      expect(evidence).to.match(/\|0000\|ACCEPTED\|[0-9A-Z]+\|bs[0-9a-z]{10}\|/);
      expect(evidence).to.match(/3001 invoice for bs[0-9a-z]{10}/);
      expect(evidence).to.match(/3002 print fp\d{6}/);
      expect(evidence).to.match(/AMOUNT 0 answered 2003/);
      expect(evidence).to.match(/\|FEES\|/);
      expect(evidence).to.match(/\n[^\n]*answer to an empty body: \d{6}9000\|1002\|/);
    } finally {
      await boss.close();
    }
  });
});
