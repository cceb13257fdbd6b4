import { expect } from 'chai';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { ApduError, commandApdu, expectOk, splitResponse } from '../../src/reader/apdu.ts';

describe('APDU helpers (ISO/IEC 7816-4 §5.1)', () => {
  it('builds the four short cases', () => {
    expect(toHex(commandApdu(0xff, 0xa4, 0, 0, Uint8Array.of(6)))).to.equal('FF A4 00 00 01 06');
    expect(toHex(commandApdu(0xff, 0xb0, 0, 0x20, undefined, 0x10))).to.equal('FF B0 00 20 10');
    expect(toHex(commandApdu(0x00, 0x84, 0, 0, undefined, 256))).to.equal('00 84 00 00 00');
    expect(toHex(commandApdu(0x00, 0xa4, 4, 0, parseHex('A0 00'), 0))).to.equal('00 A4 04 00 02 A0 00 00');
    expect(() => commandApdu(0, 0xd6, 0, 0, new Uint8Array(256))).to.throw(ApduError, /at most 255/);
  });

  it('splits the status word and refuses a response without one', () => {
    const split = splitResponse(parseHex('A2 13 90 07'));
    expect([toHex(split.data), split.sw1, split.sw2, split.sw]).to.deep.equal(['A2 13', 0x90, 0x07, 0x9007]);
    expect(() => splitResponse(parseHex('90'))).to.throw(ApduError, /no status word/);
  });

  it('expectOk returns the data of 90 00 and names the status otherwise', () => {
    expect(toHex(expectOk(parseHex('01 02 90 00'), 'read'))).to.equal('01 02');
    expect(() => expectOk(parseHex('65 81'), 'write')).to.throw(ApduError, /write: status 65 81, expected 90 00/);
  });
});
