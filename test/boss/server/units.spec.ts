import { expect } from 'chai';
import { concatBytes, toHex } from '../../../src/core/hex.ts';
import { encodeFrame, FrameDecoder } from '../../../src/boss/codec/frame.ts';
import { reducePeerAddress } from '../../../src/boss/server/peer-address.ts';
import { ascii } from './support/harness.ts';

const framing = { lengthDigits: 6, maxBody: 8192 };
const frame = (text: string) => encodeFrame(framing, ascii(text));

describe('BOSS server pieces', () => {
  describe('FrameDecoder.read, as the server reads', () => {
    it('delivers the whole frames in front of a bad prefix, also those begun in an earlier chunk', () => {
      const reader = new FrameDecoder(framing);
      const stream = concatBytes(frame('ONE|'), frame('TWO|'), frame('THREE|'), ascii('00x'));
      expect(reader.read(stream.subarray(0, 13)).bodies.map(toHex)).to.deep.equal([toHex(ascii('ONE|'))]);
      expect(reader.inFrame).to.equal(true);
      const { bodies, error } = reader.read(stream.subarray(13));
      expect(bodies.map((b) => Buffer.from(b).toString('latin1'))).to.deep.equal(['TWO|', 'THREE|']);
      expect(error?.reason).to.equal('badPrefix');
    });

    it('delivers the frames in front of an announced length over the maximum', () => {
      const reader = new FrameDecoder(framing);
      const { bodies, error } = reader.read(concatBytes(frame(''), frame('A|'), ascii('009000xx')));
      expect(bodies.map((b) => b.length)).to.deep.equal([0, 2]);
      expect([error?.reason, error?.announced]).to.deep.equal(['tooLarge', 9000]);
    });

    it('reports a stream that ends inside a frame, and not one that ends between frames', () => {
      const between = new FrameDecoder(framing);
      between.read(frame('A|'));
      expect(between.endError()).to.equal(undefined);
      const inside = new FrameDecoder(framing);
      inside.read(frame('A|').subarray(0, 7));
      expect(inside.endError()?.reason).to.equal('truncated');
    });
  });

  describe('peer addresses', () => {
    it('reduces IPv4-mapped IPv6 to IPv4 and leaves the rest', () => {
      expect(reducePeerAddress('::ffff:127.0.0.2')).to.equal('127.0.0.2');
      expect(reducePeerAddress('::FFFF:10.1.2.3')).to.equal('10.1.2.3');
      expect(reducePeerAddress('127.0.0.1')).to.equal('127.0.0.1');
      expect(reducePeerAddress('::1')).to.equal('::1');
      expect(reducePeerAddress(undefined)).to.equal('');
    });
  });
});
