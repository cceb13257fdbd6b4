import { expect } from 'chai';
import { toHex } from '../../../src/core/hex.ts';
import {
  attemptsLeft,
  comparePscByte,
  decodeCommand,
  eraseErrorCounter,
  protectWithCompareByte,
  readMain,
  readWithProtection,
  splitProtectedRead,
  writeAndProtectByte,
  writeByte,
  writeErrorCounter,
} from '../../../src/cards/sle4428/commands.ts';

describe('SLE4428 command codec', () => {
  it('puts A9 A8 in the top bits of the control byte', () => {
    expect(toHex(readMain(0x3fd, 1).bytes)).to.equal('CE FD 00');
    expect(readMain(0x3fd, 1).readLength).to.equal(1);
    expect(toHex(readWithProtection(0x1ff, 2).bytes)).to.equal('4C FF 00');
    expect(readWithProtection(0x1ff, 2).readLength).to.equal(4);
    expect(readWithProtection(0).readLength).to.equal(undefined);
    expect(toHex(writeByte(0x2ab, 0x5a).bytes)).to.equal('B3 AB 5A');
    expect(toHex(writeAndProtectByte(0x010, 0x42).bytes)).to.equal('31 10 42');
    expect(toHex(protectWithCompareByte(0x300, 0x77).bytes)).to.equal('F0 00 77');
  });

  it('encodes the PSC procedure as the OMNIKEY driver names it: F2 FD, CD FE/FF, F3 FD FF', () => {
    expect(toHex(writeErrorCounter(0xfe).bytes)).to.equal('F2 FD FE');
    expect(toHex(comparePscByte(0, 0x12).bytes)).to.equal('CD FE 12');
    expect(toHex(comparePscByte(1, 0x34).bytes)).to.equal('CD FF 34');
    expect(toHex(eraseErrorCounter().bytes)).to.equal('F3 FD FF');
  });

  it('decodes what it encodes, and nothing but 3 bytes', () => {
    expect(decodeCommand(writeByte(0x3ff, 0x01).bytes)).to.deep.equal({ control: 0x33, address: 0x3ff, data: 0x01 });
    expect(decodeCommand(Uint8Array.of(0x0e, 0x00))).to.equal(undefined);
    expect(() => writeByte(1024, 0)).to.throw(RangeError, '1024');
  });

  it('splits 9-bit reads into data and protect flags', () => {
    expect(splitProtectedRead(Uint8Array.of(0x92, 0x00, 0xff, 0x01, 0x33))).to.deep.equal({
      data: Uint8Array.of(0x92, 0xff),
      protectedFlags: [true, false],
    });
  });

  it('counts attempts as the 1 bits of the counter', () => {
    expect([0xff, 0xfe, 0x80, 0x00, 0x55].map(attemptsLeft)).to.deep.equal([8, 7, 1, 0, 4]);
  });
});
