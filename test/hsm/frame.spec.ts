import { expect } from 'chai';
import fc from 'fast-check';
import { toHex } from '../../src/core/hex.ts';
import { encodeFrame, HsmFrameDecoder, HsmFrameError } from '../../src/hsm/index.ts';

describe('HSM framing: 2-byte big-endian length, then the message [psam_hsm.md §4.1]', () => {
  it('puts the length in front, high byte first', () => {
    const message = new Uint8Array(0x0123).fill(0x41);
    const frame = encodeFrame(message);
    expect(toHex(frame.subarray(0, 2))).to.equal('01 23');
    expect(frame.length).to.equal(0x0125);
  });

  it('gives back every message, whatever the chunking of the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }), (messages, cuts) => {
        const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));
        const decoder = new HsmFrameDecoder();
        const out: Uint8Array[] = [];
        for (let offset = 0, i = 0; offset < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          out.push(...decoder.push(stream.subarray(offset, offset + size)));
          offset += size;
        }
        expect(out.map(toHex)).to.deep.equal(messages.map(toHex));
        expect(decoder.endError()).to.equal(undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses an announced length over the maximum, with the prefix as the bytes, and then everything', () => {
    const decoder = new HsmFrameDecoder(100);
    const error = (() => {
      try {
        decoder.push(Uint8Array.of(0x00, 0x65, 0x41));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(HsmFrameError).with.property('reason', 'tooLarge');
    expect(toHex((error as HsmFrameError).bytes)).to.equal('00 65');
    expect(() => decoder.push(encodeFrame(Uint8Array.of(1)))).to.throw(HsmFrameError);
  });

  it('says a stream cut inside a frame is truncated', () => {
    const decoder = new HsmFrameDecoder();
    expect(decoder.push(Uint8Array.of(0x00, 0x05, 0x41, 0x42))).to.deep.equal([]);
    expect(decoder.inFrame).to.equal(true);
    expect(decoder.endError()).to.be.instanceOf(HsmFrameError).with.property('reason', 'truncated');
  });

  it('refuses to encode a message a 2-byte length cannot announce', () => {
    expect(() => encodeFrame(new Uint8Array(0x10000))).to.throw(RangeError);
  });
});
