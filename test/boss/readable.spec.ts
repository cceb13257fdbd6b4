import { expect } from 'chai';
import { escapedText, readableText } from '../../src/boss/codec/readable.ts';

describe('BOSS frames as readable text', () => {
  const frame = Uint8Array.from(Buffer.from('000012ICBC01|\\|', 'latin1'));
  const odd = Uint8Array.from([0x41, 0x00, 0x7e, 0x7f, 0xff, 0x5c, 0x0d, 0x0a]);

  it('leaves printable ASCII as it is', () => {
    expect(readableText(frame)).to.equal('000012ICBC01|\\|');
    expect(escapedText(Uint8Array.from(Buffer.from('000012ICBC01|', 'latin1')))).to.equal('000012ICBC01|');
  });

  it('readableText: one character per byte, every other byte as "." (capture §1 text)', () => {
    expect(readableText(odd)).to.equal('A.~..\\..');
  });

  it('escapedText: every other byte and the backslash as \\xNN, so nothing is lost', () => {
    expect(escapedText(odd)).to.equal('A\\x00~\\x7F\\xFF\\x5C\\x0D\\x0A');
    expect(escapedText(frame)).to.equal('000012ICBC01|\\x5C|');
  });
});
