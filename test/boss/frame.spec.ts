import { expect } from 'chai';
import fc from 'fast-check';
import { concatBytes, toHex } from '../../src/core/hex.ts';
import { BossFrameError } from '../../src/boss/codec/errors.ts';
import { encodeFrame, FrameDecoder } from '../../src/boss/codec/frame.ts';

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const framing = { lengthDigits: 6, maxBody: 8192 };

describe('BOSS framing: length prefix + body [bank-interface §1]', () => {
  it('prefixes 6 zero-padded ASCII digits of the body length', () => {
    expect(Buffer.from(encodeFrame(framing, ascii('1001|X|'))).toString('latin1')).to.equal('0000071001|X|');
  });

  it('yields whole bodies however the stream is cut, and several frames in one chunk', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1 }), (bodies, cuts) => {
        const stream = concatBytes(...bodies.map((b) => encodeFrame(framing, b)));
        const decoder = new FrameDecoder(framing);
        const out: Uint8Array[] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          out.push(...decoder.push(stream.subarray(at, at + size)));
          at += size;
        }
        decoder.end();
        expect(out.map(toHex)).to.deep.equal(bodies.map(toHex));
      }),
    );
  });

  it('reports an announced length over the maximum as tooLarge, carrying the prefix bytes (→ 1004)', () => {
    const decoder = new FrameDecoder(framing);
    const error = catchFrame(() => decoder.push(ascii('008193')));
    expect([error.reason, error.announced, toHex(error.bytes)]).to.deep.equal(['tooLarge', 8193, '30 30 38 31 39 33']);
    expect(() => decoder.push(ascii('x')), 'no resynchronisation after an error').to.throw(BossFrameError, /over the maximum 8192/);
    expect(new FrameDecoder(framing).push(concatBytes(ascii('008192'), new Uint8Array(8192)))[0]).to.have.length(8192);
  });

  it('refuses a prefix that is not digits as soon as the bad byte arrives', () => {
    const decoder = new FrameDecoder(framing);
    const error = catchFrame(() => decoder.push(ascii('00 1')));
    expect(error.reason).to.equal('badPrefix');
    expect(error.message).to.contain('"00 1"');
    expect(catchFrame(() => new FrameDecoder(framing).push(ascii('-00001'))).reason).to.equal('badPrefix');
  });

  it('knows when it is inside a frame, and reports a stream cut mid-frame', () => {
    const decoder = new FrameDecoder(framing);
    expect(decoder.inFrame).to.equal(false);
    decoder.push(ascii('0000101001|'));
    expect(decoder.inFrame).to.equal(true);
    expect(catchFrame(() => decoder.end()).reason).to.equal('truncated');
  });

  it('refuses to encode a body over the maximum', () => {
    expect(() => encodeFrame(framing, new Uint8Array(8193))).to.throw(/8193 bytes, more than the maximum 8192/);
  });
});

function catchFrame(run: () => unknown): BossFrameError {
  try {
    run();
  } catch (error) {
    if (error instanceof BossFrameError) return error;
    throw error;
  }
  throw new Error('expected a BossFrameError');
}
