import { expect } from 'chai';
import { InputError } from '../../src/core/errors.ts';
import { bytesEqual, parseHex, toCompactHex, toHex } from '../../src/core/hex.ts';

describe('hex', () => {
  it('parses the ways people write hex', () => {
    for (const text of ['A2 13 10 91', 'a2131091', 'A2:13:10:91', '0xA2 0x13 0x10 0x91', 'a2-13_10,91']) {
      expect(toHex(parseHex(text)), text).to.equal('A2 13 10 91');
    }
  });

  it('names the field and the bad character', () => {
    expect(() => parseHex('30 0G', '--psc')).to.throw(InputError, /--psc: 'G' is not a hex digit/);
    expect(() => parseHex('301', 'command')).to.throw(InputError, /command: odd number of hex digits \(3\)/);
  });

  it('formats compact and spaced', () => {
    expect(toCompactHex(Uint8Array.of(0, 0xab))).to.equal('00AB');
    expect(toHex(new Uint8Array())).to.equal('');
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).to.equal(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).to.equal(false);
  });
});
