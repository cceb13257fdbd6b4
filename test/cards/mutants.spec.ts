import { expect } from 'chai';
import { CARD_TYPES } from '../../src/cards/card-type.ts';
import { CARD_DEFINITIONS } from '../../simulators/cards/registry.ts';
import { sle4442Mutants } from '../mutants/cards/sle4442.ts';
import { sle4428Mutants } from '../mutants/cards/sle4428.ts';
import { at88sc1608Mutants } from '../mutants/cards/at88sc1608.ts';
import { at88sc153Mutants } from '../mutants/cards/at88sc153.ts';
import { at88sc102Mutants } from '../mutants/cards/at88sc102.ts';
import { at88sc1604Mutants } from '../mutants/cards/at88sc1604.ts';

/**
 * The mutation check across all cards: each card's own mutants.spec.ts runs its suite against the
 * reference emulator (no fail) and every mutant (at least one fail). This spec makes sure the set
 * covers every card type and the rules the issue names.
 */
const ALL = [...sle4442Mutants, ...sle4428Mutants, ...at88sc1608Mutants, ...at88sc153Mutants, ...at88sc102Mutants, ...at88sc1604Mutants];

describe('broken card emulators (mutants)', () => {
  it('has at least 8 variants, at least two for every card type', () => {
    expect(ALL.length).to.be.at.least(8);
    for (const type of CARD_TYPES) {
      expect(ALL.filter((m) => m.definition.type === type).length, type).to.be.at.least(2);
    }
  });

  it('covers the breakages the issue names: counter not decremented, counter reset on a wrong PSC, protection bit reversible, write past a page boundary, lock ignored', () => {
    const names = ALL.map((m) => `${m.definition.type}:${m.name}`);
    for (const needed of [/:counter-not-decremented$/, /:counter-(erased|restored)-on-wrong-(psc|code)$/, /:protection-reversible$/, /:page-no-roll-over$/, /:lock-ignored$/]) {
      expect(names.some((n) => needed.test(n)), String(needed)).to.equal(true);
    }
  });

  it('every mutant is a different definition from the reference emulator of its type', () => {
    for (const mutant of ALL) expect(mutant.definition, mutant.name).to.not.equal(CARD_DEFINITIONS[mutant.definition.type]);
  });
});
