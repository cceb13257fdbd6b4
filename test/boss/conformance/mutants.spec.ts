import { expect } from 'chai';
import { BOSS_CASES } from '../../../conformance/boss/suite.ts';
import { TEST_TIMERS } from './support/mutant.ts';
import { BOSS_MUTANTS } from './support/mutants.ts';
import { startOurBoss } from './support/our-boss.ts';
import { startProxy } from './support/proxy.ts';
import { runAgainst } from './support/run.ts';

describe('BOSS conformance suite against faulty BOSSes', function () {
  this.timeout(60_000);

  it('has faulty BOSSes with unique names, each aimed at cases that exist', () => {
    const names = BOSS_MUTANTS.map((m) => m.name);
    expect(new Set(names).size).to.equal(names.length);
    const ids = new Set(BOSS_CASES.map((c) => c.id));
    for (const mutant of BOSS_MUTANTS) {
      expect(mutant.aims, mutant.name).to.not.be.empty;
      for (const aim of mutant.aims) expect(ids.has(aim), `${mutant.name} aims at ${aim}`).to.equal(true);
    }
    expect(names).to.include.members(['fresh-answer-on-repeat', 'newest-month-first', 'keeps-connection-open', 'reads-off-allow-list']);
  });

  for (const mutant of BOSS_MUTANTS) {
    it(`catches ${mutant.name} (${mutant.breaks})`, async () => {
      const boss = await startOurBoss({ ...TEST_TIMERS, ...mutant.timers, ...(mutant.wrap ? { wrap: mutant.wrap() } : {}) });
      const proxy = mutant.proxy ? await startProxy(boss, mutant.proxy) : undefined;
      try {
        const report = await runAgainst(proxy ?? boss, { ids: mutant.aims });
        const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
        expect(verdicts, JSON.stringify(report.results.map((r) => [r.id, r.verdict, r.reason]), null, 1)).to.deep.equal(Object.fromEntries(mutant.aims.map((id) => [id, 'fail'])));
      } finally {
        await proxy?.close();
        await boss.close();
      }
    });
  }
});
