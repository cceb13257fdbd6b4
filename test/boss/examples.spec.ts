import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../../src/boss/codec/frame-message.ts';
import type { BossMessage } from '../../src/boss/codec/message.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';

interface ExampleFrame {
  id: string;
  kind: 'request' | 'response';
  text: string;
  hex: string;
  decoded: BossMessage;
}

const vectors = JSON.parse(readFileSync(new URL('../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as {
  source: string;
  frames: ExampleFrame[];
};

describe('boss-bank/1 golden frames [bank-interface §8]', () => {
  const profile = defaultProfile();

  it('cites the spec and keeps text and hex in step', () => {
    expect(vectors.source).to.contain('bank-interface.md §8');
    for (const frame of vectors.frames) expect(toHex(Buffer.from(frame.text, 'ascii')), frame.id).to.equal(frame.hex);
  });

  for (const frame of vectors.frames) {
    it(`${frame.id}: decodes to the expected fields and re-encodes byte for byte`, () => {
      const bytes = parseHex(frame.hex);
      const decode = frame.kind === 'request' ? decodeRequestFrame : decodeResponseFrame;
      const encode = frame.kind === 'request' ? encodeRequestFrame : encodeResponseFrame;
      const message = decode(profile, bytes);
      expect(message, frame.id).to.deep.equal(frame.decoded);
      expect(toHex(encode(profile, message)), frame.id).to.equal(frame.hex);
    });
  }

  it('the length prefix counts the body bytes: 000057 for the 57-byte query [§1]', () => {
    const query = vectors.frames[0]!;
    expect(query.text.slice(0, 6)).to.equal(String(query.text.length - 6).padStart(6, '0'));
  });
});
