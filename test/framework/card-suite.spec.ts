import { expect } from 'chai';
import { CARD_TYPES } from '../../src/cards/card-type.ts';
import { CARD_CASES, emulatorBindings } from '../../conformance/cards/suite.ts';

/** What `stbpay conform cards` runs: the traceability rules of docs/conformance.md hold for every case. */
describe('the card conformance suite', () => {
  it('has cases for every card type: hand-written, golden vectors and the model-based property', () => {
    for (const type of CARD_TYPES) {
      const cases = CARD_CASES[type];
      expect(cases.filter((c) => !c.tags.includes('golden-vector')).length, type).to.be.at.least(10);
      expect(cases.filter((c) => c.tags.includes('golden-vector')).length, type).to.be.at.least(1);
      expect(cases.map((c) => c.id), type).to.include(`${type}-MODEL-001`);
    }
  });

  it('gives every case a unique TYPE-AREA-NNN id, a clause, a title and tags', () => {
    const ids = new Set<string>();
    for (const type of CARD_TYPES) {
      for (const c of CARD_CASES[type]) {
        expect(c.id).to.match(new RegExp(`^${type}-[A-Z]+-\\d{3}$`));
        expect(ids.has(c.id), `duplicate id ${c.id}`).to.equal(false);
        ids.add(c.id);
        expect(c.clause.trim(), c.id).to.not.equal('');
        expect(c.title.trim(), c.id).to.not.equal('');
        expect(c.tags, c.id).to.not.be.empty;
      }
    }
  });

  it('binds each emulator to its own cases under its own name', () => {
    const bindings = emulatorBindings(CARD_TYPES);
    expect(bindings.map((b) => b.target.type)).to.deep.equal([...CARD_TYPES]);
    for (const b of bindings) {
      expect(b.identity.name).to.equal(`stbpay ${b.target.type} emulator`);
      expect(b.cases).to.equal(CARD_CASES[b.target.type]);
    }
  });
});
