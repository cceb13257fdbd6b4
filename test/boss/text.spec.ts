import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../src/core/hex.ts';
import { checkValue } from '../../src/boss/codec/format.ts';
import { decodeText, encodeText } from '../../src/boss/codec/text.ts';

const bytes = (text: string, encoding: 'ascii' | 'gbk' | 'utf-8'): string => {
  const result = encodeText(text, encoding);
  return 'bytes' in result ? toHex(result.bytes) : result.problem;
};

describe('field text encodings and formats [bank-interface §2]', () => {
  it('encodes GBK from the built-in decoder’s table, and decodes it back', () => {
    expect(bytes('张三 8', 'gbk')).to.equal('D5 C5 C8 FD 20 38');
    expect(bytes('€', 'gbk')).to.equal('80');
    expect(decodeText(Uint8Array.of(0xd5, 0xc5, 0xc8, 0xfd), 'gbk')).to.equal('张三');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('张', '三', '路', '亅', 'a', ' ', '号') }), (text) => {
        const encoded = encodeText(text, 'gbk');
        expect('bytes' in encoded && decodeText(encoded.bytes, 'gbk')).to.equal(text);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses what GBK has no two-byte code for, both ways (GB18030 four-byte sequences)', () => {
    expect(bytes('😀', 'gbk')).to.match(/has no GBK code/);
    expect(decodeText(Uint8Array.of(0x81, 0x30, 0x81, 0x30), 'gbk'), 'GB18030 four-byte').to.equal(undefined);
    expect(decodeText(Uint8Array.of(0xd5), 'gbk'), 'half a character').to.equal(undefined);
  });

  it('ASCII and UTF-8 are strict', () => {
    expect(bytes('é', 'ascii')).to.match(/not ASCII/);
    expect(decodeText(Uint8Array.of(0xe9), 'ascii')).to.equal(undefined);
    expect(decodeText(Uint8Array.of(0xc3), 'utf-8')).to.equal(undefined);
    expect(bytes('张', 'utf-8')).to.equal('E5 BC A0');
  });

  it('checks calendar dates, months and times', () => {
    expect(checkValue({ kind: 'date' }, '20240229', '|')).to.equal(undefined);
    expect(checkValue({ kind: 'date' }, '20230229', '|')).to.match(/not a date/);
    expect(checkValue({ kind: 'date' }, '21000229', '|')).to.match(/not a date/);
    expect(checkValue({ kind: 'month' }, '202613', '|')).to.match(/not a month/);
    expect(checkValue({ kind: 'time' }, '235959', '|')).to.equal(undefined);
    expect(checkValue({ kind: 'time' }, '240000', '|')).to.match(/not a time/);
  });

  it('counts text length in encoded bytes and refuses the separator and control characters', () => {
    const name = { kind: 'text', min: 0, max: 4, encoding: 'gbk' } as const;
    expect(checkValue(name, '张三', '|')).to.equal(undefined);
    expect(checkValue(name, '张三a', '|')).to.match(/is 5 bytes, not 0..4/);
    expect(checkValue(name, 'a|b', '|')).to.match(/contains the separator/);
    expect(checkValue(name, 'a\r\n', '|')).to.match(/control character/);
  });
});
