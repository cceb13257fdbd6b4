import { expect } from 'chai';
import { InputError } from '../../src/core/errors.ts';
import { resolveCardType } from '../../src/cards/card-type.ts';

describe('card type names', () => {
  it('takes every part under its own name, in any case', () => {
    expect(resolveCardType('sle4442')).to.deep.equal({ type: 'SLE4442' });
    expect(resolveCardType(' AT88SC1604 ')).to.deep.equal({ type: 'AT88SC1604' });
  });

  it('takes AT88SC1602 as AT88SC1604 with a warning', () => {
    const resolved = resolveCardType('AT88SC1602');
    expect(resolved.type).to.equal('AT88SC1604');
    expect(resolved.warning).to.match(/no known part/);
  });

  it('refuses an unknown name and lists the known ones', () => {
    expect(() => resolveCardType('SLE9999')).to.throw(InputError, /unknown card type "SLE9999".*SLE4442/);
  });
});
