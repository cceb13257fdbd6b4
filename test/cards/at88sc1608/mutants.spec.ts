import { expect } from 'chai';
import { runSuite } from '../../../conformance/framework/runner.ts';
import { emulatorBinding } from '../../../conformance/cards/target.ts';
import { at88sc1608Cases } from '../../../conformance/cards/at88sc1608/cases.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';
import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';
import { at88sc1608Mutants } from '../../mutants/cards/at88sc1608.ts';

/**
 * The hand-written case aimed at each mutant's rule: it must be among the failures, so a mutant
 * cannot pass this test by tripping some unrelated case (or only the random model case).
 */
const CATCHES: Record<string, string> = {
  'page-no-roll-over': 'AT88SC1608-PAGE-001',
  'pac-not-decremented': 'AT88SC1608-PWD-002',
  'access-rights-ignored': 'AT88SC1608-ACC-001',
  'config-writable-after-per': 'AT88SC1608-FUSE-005',
  'fuse-reversible': 'AT88SC1608-FUSE-003',
  'reset-keeps-password': 'AT88SC1608-ATR-002',
  'authentication-faked': 'AT88SC1608-AUTH-003',
  'zone-open-at-power-on': 'AT88SC1608-ZONE-001',
};

/** A shorter model case (150 sequences per target) keeps this test quick. */
const cases = at88sc1608Cases;
const options = { suite: 'at88sc1608 mutants', seed: 1608, tool: { name: 'stbpay', version: 'test' }, replay: 'mocha', propertyRuns: 150 };

async function verdicts(definition: CardDefinition) {
  return (await runSuite([emulatorBinding(definition, cases)], options)).results;
}

describe('AT88SC1608 conformance suite against the emulator and its mutants', () => {
  it('has thorough coverage: 30+ hand-written cases, 5+ golden vectors, the model case, unique ids', () => {
    expect(at88sc1608Cases.filter((c) => !c.tags.includes('golden-vector')).length).to.be.at.least(30);
    expect(at88sc1608Cases.filter((c) => c.tags.includes('golden-vector')).length).to.be.at.least(5);
    expect(at88sc1608Cases.map((c) => c.id)).to.include('AT88SC1608-MODEL-001');
    expect(new Set(at88sc1608Cases.map((c) => c.id)).size).to.equal(at88sc1608Cases.length);
  });

  it('the reference emulator passes every case but the authentication ones, which are not applicable', async () => {
    const results = await verdicts(at88sc1608Definition);
    const bad = results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.verdict}`);
    expect(bad).to.deep.equal(['AT88SC1608-AUTH-001: not-applicable', 'AT88SC1608-AUTH-002: not-applicable']);
  });

  it('the authentication cases need the authentication capability, which the emulator binding lacks', () => {
    const auth = at88sc1608Cases.filter((c) => c.id.startsWith('AT88SC1608-AUTH-00') && c.id !== 'AT88SC1608-AUTH-003');
    for (const c of auth) expect(c.requires).to.include('at88-authentication');
    expect(emulatorBinding(at88sc1608Definition, []).capabilities.has('at88-authentication')).to.equal(false);
  });

  it('has at least 4 mutants', () => expect(at88sc1608Mutants.length).to.be.at.least(4));

  it('names the case aimed at every mutant', () => {
    for (const mutant of at88sc1608Mutants) expect(CATCHES[mutant.name], mutant.name).to.be.a('string');
  });

  for (const mutant of at88sc1608Mutants) {
    it(`mutant "${mutant.name}" (breaks: ${mutant.breaks}) fails the case aimed at it, and maybe others`, async () => {
      const failed = (await verdicts(mutant.definition)).filter((r) => r.verdict === 'fail').map((r) => r.id);
      expect(failed, 'failing cases').to.include(CATCHES[mutant.name]);
    });
  }
});
