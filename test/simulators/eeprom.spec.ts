import { expect } from 'chai';
import { Eeprom } from '../../simulators/cards/common/eeprom.ts';
import { PowerLossFault, PowerLost } from '../../simulators/cards/common/power-loss.ts';

const times = { eraseMicros: 2500, writeMicros: 2500 };

function eeprom(fault = new PowerLossFault()): Eeprom {
  const e = new Eeprom(4, fault, times);
  e.load(Uint8Array.of(0xff, 0xf0, 0x0f, 0x00));
  return e;
}

describe('EEPROM cell physics', () => {
  it('update erases only when a bit must go 0 -> 1, and writes only when the target is not FF', () => {
    const e = eeprom();
    expect(e.program(0, 0x12, 'update'), 'write-only from FF').to.equal(2500);
    expect(e.program(1, 0xff, 'update'), 'erase-only to FF').to.equal(2500);
    expect(e.program(2, 0xf0, 'update'), 'erase and write').to.equal(5000);
    expect(e.program(3, 0xff, 'erase')).to.equal(2500);
    expect(Array.from(e.cells)).to.deep.equal([0x12, 0xff, 0xf0, 0xff]);
  });

  it('write mode can only clear bits (old AND new)', () => {
    const e = eeprom();
    e.program(1, 0x3c, 'write');
    expect(e.cells[1]).to.equal(0x30);
  });

  it('does nothing, in no time, when there is nothing to program', () => {
    const e = eeprom();
    expect(e.program(0, 0xff, 'update')).to.equal(0);
  });

  it('cuts power after N cycles: an erase+write cycle leaves the cell erased', () => {
    const fault = new PowerLossFault();
    const e = eeprom(fault);
    fault.powerLossAfter(1);
    e.program(0, 0x00, 'update');
    expect(() => e.program(2, 0xf0, 'update')).to.throw(PowerLost, /0x2/);
    expect(Array.from(e.cells)).to.deep.equal([0x00, 0xf0, 0xff, 0x00]);
    expect(fault.pending).to.equal(undefined);
  });

  it('a write-only cycle cut by power loss leaves the cell unchanged', () => {
    const fault = new PowerLossFault();
    const e = eeprom(fault);
    fault.powerLossAfter(0);
    expect(() => e.program(1, 0x10, 'write')).to.throw(PowerLost);
    expect(e.cells[1]).to.equal(0xf0);
  });

  it('refuses addresses outside the array and bad fault counts', () => {
    expect(() => eeprom().program(4, 0, 'update')).to.throw(RangeError);
    expect(() => new PowerLossFault().powerLossAfter(-1)).to.throw(RangeError);
  });
});
