import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { singleBody } from '../../../src/boss/codec/frame-message.ts';
import { encodeFrame } from '../../../src/boss/codec/frame.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { openHarness, type Harness } from './harness.ts';

interface Frame {
  id: string;
  kind: 'request' | 'response';
  hex: string;
}

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/boss/boss-bank-1-examples.json', import.meta.url), 'utf8')) as { frames: Frame[] };
const frame = (id: string): Frame => {
  const found = vectors.frames.find((f) => f.id === id);
  if (!found) throw new Error(`no vector ${id}`);
  return found;
};

describe('BOSS service: the §8 examples on a fresh seed [bank-interface §8]', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  for (const [request, response] of [
    ['query', 'query-answer'],
    ['payment', 'payment-answer'],
  ] as const) {
    it(`${request} is answered with ${response} byte for byte`, async () => {
      const requestBody = singleBody(h.profile, parseHex(frame(request).hex));
      const answer = await h.send(Buffer.from(requestBody).toString('latin1'));
      expect(toHex(encodeFrame(h.profile.framing, answer.body))).to.equal(frame(response).hex);
      expect(answer.respCode).to.equal('0000');
      expect(answer.replayed).to.equal(false);
    });
  }

  it('after the payment the query shows no arrears [§4 1002]', async () => {
    expect(await h.ask('1001|ICBC01|20261123000003|20261123|101530|T01|C00012345|')).to.equal(
      '1001|0000|OK|20261123000003||C00012345|ZHANG SAN|NO 8 RENMIN RD|0|0|',
    );
  });
});
