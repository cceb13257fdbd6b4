import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CARD_TYPES, type CardType } from '../../../src/cards/card-type.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../../conformance/framework/report.ts';
import { simBinding, type SimBindingOptions } from '../../../conformance/reader/bindings/sim.ts';
import { READER_CASES } from '../../../conformance/reader/suite.ts';
import { READER_PROFILES, readerProfile } from '../../../simulators/reader/profiles.ts';
import { READER_MUTANTS } from '../../mutants/reader/index.ts';

const RUN = { suite: 'reader mutants', seed: 39, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };

async function run(options: SimBindingOptions): Promise<SuiteReport> {
  return runSuite([simBinding({ clock: new VirtualClock(), ...options })], RUN);
}

/**
 * Not-applicable verdicts the reference emulator may get, each for a documented reason: the
 * AT88SC102/1604 have no answer-to-reset of their own (docs/cards/at88sc102.md, at88sc1604.md),
 * and only the SLE cards have a counter read with a fixed Le.
 */
const DOCUMENTED_NOT_APPLICABLE: Readonly<Partial<Record<CardType, readonly string[]>>> = {
  AT88SC102: ['READER-ATR-002', 'READER-T0-005'],
  AT88SC1604: ['READER-ATR-002', 'READER-T0-005'],
  AT88SC153: ['READER-T0-005'],
  AT88SC1608: ['READER-T0-005'],
};

describe('reader certification suite: the reference emulator and the faulty readers', function () {
  this.timeout(30_000);

  for (const type of CARD_TYPES) {
    it(`the reference emulator with an ${type} passes every case (N/A only where documented)`, async () => {
      const report = await run({ cardType: type });
      const failed = report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive').map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
      expect(failed).to.deep.equal([]);
      const notApplicable = report.results.filter((r) => r.verdict === 'not-applicable').map((r) => r.id);
      expect(notApplicable).to.deep.equal(DOCUMENTED_NOT_APPLICABLE[type] ?? []);
    });
  }

  for (const name of Object.keys(READER_PROFILES)) {
    it(`the reference emulator as profile "${name}" passes every case with an SLE4442`, async () => {
      const report = await run({ cardType: 'SLE4442', profile: readerProfile(name) });
      expect(report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).to.deep.equal([]);
    });
  }

  it('has at least 12 faulty readers with unique names, each aimed at cases that exist', () => {
    expect(READER_MUTANTS.length).to.be.at.least(12);
    const names = READER_MUTANTS.map((m) => m.name);
    expect(new Set(names).size).to.equal(names.length);
    const ids = new Set(READER_CASES.map((c) => c.id));
    for (const mutant of READER_MUTANTS) {
      expect(mutant.aims, mutant.name).to.not.be.empty;
      for (const aim of mutant.aims) expect(ids.has(aim), `${mutant.name} aims at ${aim}`).to.equal(true);
    }
  });

  it('covers the faults the issue names', () => {
    const names = READER_MUTANTS.map((m) => m.name);
    expect(names).to.include.members([
      'seq-not-echoed',
      'dwlength-off-by-one',
      'slot-change-lost',
      'changed-bit-never-cleared',
      'changed-bit-always-set',
      'truncated-atr',
      'present-code-reports-full-counter',
      'refused-write-answered-ok',
      'unpowered-xfr-answered',
      'bad-slot-served-as-slot-0',
      'unsupported-answered-ok',
      'abort-ignored',
      'power-off-answered-as-data-block',
      'icc-active-after-power-off',
      'escape-answered-as-slot-status',
      'seq-wrap-broken',
      'trailing-bytes-answered-twice',
      'lc-mismatch-answered-ok',
      'getparameters-wrong-structure',
      'descriptor-maxmessage-too-small',
      'read-returns-zeros',
      'protection-bits-all-ff',
      'change-code-ignored',
      'at88sc1608-verify-always-ff',
    ]);
  });

  for (const mutant of READER_MUTANTS) {
    it(`faulty reader "${mutant.name}" fails ${mutant.aims.join(', ')} (${mutant.breaks})`, async () => {
      const report = await run({
        cardType: mutant.cardType ?? 'SLE4442',
        ...(mutant.profile ? { profile: readerProfile(mutant.profile) } : {}),
        mutate: (emulator) => mutant.mutate(emulator),
      });
      const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
      for (const aim of mutant.aims) expect(verdicts[aim], `${aim} against "${mutant.name}"`).to.equal('fail');
    });
  }
});
