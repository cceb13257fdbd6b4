import { expect } from 'chai';
import { InputError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import * as cmd from '../../../src/cards/sle4442/commands.ts';

describe('SLE4442 command codec', () => {
  it('encodes the seven commands as control, address, data', () => {
    expect(toHex(cmd.readMain(0x20).bytes)).to.equal('30 20 00');
    expect(cmd.readMain(0x20).readLength).to.equal(undefined);
    expect(cmd.readMain(0x20, 4).readLength).to.equal(4);
    expect(toHex(cmd.updateMain(0x40, 0xaa).bytes)).to.equal('38 40 AA');
    expect(toHex(cmd.readProtection().bytes)).to.equal('34 00 00');
    expect(toHex(cmd.writeProtection(0x10, 0x5a).bytes)).to.equal('3C 10 5A');
    expect(toHex(cmd.readSecurity(1).bytes)).to.equal('31 00 00');
    expect(toHex(cmd.updateSecurity(0, 0x03).bytes)).to.equal('39 00 03');
    expect(toHex(cmd.compareVerificationData(3, 0x56).bytes)).to.equal('33 03 56');
  });

  it('refuses values that are not bytes and PSC indexes other than 1..3', () => {
    expect(() => cmd.updateMain(256, 0)).to.throw(InputError, /address/);
    expect(() => cmd.updateMain(0, -1)).to.throw(InputError, /data/);
    expect(() => cmd.readMain(1.5)).to.throw(InputError);
    expect(() => cmd.compareVerificationData(0, 0)).to.throw(InputError, /PSC byte index/);
    expect(() => cmd.compareVerificationData(4, 0)).to.throw(InputError);
  });

  it('counts attempts as the set counter bits and clears the highest one', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 0xff].map(cmd.attemptsLeft)).to.deep.equal([0, 1, 1, 2, 1, 2, 2, 3, 3]);
    expect([7, 3, 1, 0, 6, 5].map(cmd.clearOneCounterBit)).to.deep.equal([3, 1, 0, 0, 2, 1]);
  });

  it('reads protection bits LSB first, 0 = protected, only for 0..31', () => {
    const bits = Uint8Array.of(0xfe, 0xff, 0xff, 0x7f);
    expect(cmd.isProtectedIn(bits, 0)).to.equal(true);
    expect(cmd.isProtectedIn(bits, 1)).to.equal(false);
    expect(cmd.isProtectedIn(bits, 31)).to.equal(true);
    expect(cmd.isProtectedIn(Uint8Array.of(0, 0, 0, 0), 32)).to.equal(false);
  });
});
