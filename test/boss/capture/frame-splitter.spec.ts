import { expect } from 'chai';
import { FrameSplitter } from '../../../src/boss/capture/frame-splitter.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { concatBytes } from '../../../src/core/hex.ts';
import { exampleFrame, latin1 } from './support/examples.ts';

describe('BOSS capture: FrameSplitter', () => {
  const framing = defaultProfile().framing;
  const query = exampleFrame('query');
  const payment = exampleFrame('payment');
  const show = (pieces: ReturnType<FrameSplitter['push']>) => pieces.map((p) => [p.offset, p.isFrame, latin1(p.bytes)]);

  it('cuts frames whatever the chunking, with stream offsets', () => {
    const stream = concatBytes(query, payment);
    for (const size of [1, 3, 7, 64, stream.length]) {
      const splitter = new FrameSplitter(framing);
      const pieces = [];
      for (let at = 0; at < stream.length; at += size) pieces.push(...splitter.push(stream.subarray(at, at + size)));
      expect(show(pieces)).to.deep.equal([
        [0, true, latin1(query)],
        [0 + query.length, true, latin1(payment)],
      ]);
      expect(splitter.end()).to.equal(undefined);
    }
  });

  it('keeps the frames before a bad prefix in the same chunk; from there on all bytes are not a frame', () => {
    const splitter = new FrameSplitter(framing);
    const garbage = new TextEncoder().encode('HELLO');
    const pieces = splitter.push(concatBytes(query, garbage, payment));
    expect(show(pieces)).to.deep.equal([
      [0, true, latin1(query)],
      [query.length, false, `HELLO${latin1(payment)}`],
    ]);
    expect(show(splitter.push(payment))).to.deep.equal([[query.length + 5 + payment.length, false, latin1(payment)]]);
  });

  it('a too-large announced length is not a frame either', () => {
    const splitter = new FrameSplitter(framing);
    expect(show(splitter.push(new TextEncoder().encode('999999xx')))).to.deep.equal([[0, false, '999999xx']]);
  });

  it('a partial frame at the end is returned by end() as not a frame', () => {
    const splitter = new FrameSplitter(framing);
    expect(splitter.push(query.subarray(0, 10))).to.deep.equal([]);
    expect(show([splitter.end()].filter((p) => p !== undefined))).to.deep.equal([[0, false, latin1(query.subarray(0, 10))]]);
  });
});
