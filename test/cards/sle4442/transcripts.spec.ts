import { expect } from 'chai';
import { parseHex } from '../../../src/core/hex.ts';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { createSle4442 } from '../../../simulators/cards/sle4442/index.ts';

describe('SLE4442 golden transcripts (vectors/cards/SLE4442)', () => {
  const transcripts = loadTranscripts('SLE4442');

  it('has at least the five required vectors, with unique ids and a cited source', () => {
    expect(transcripts.length).to.be.at.least(5);
    const ids = transcripts.map((t) => t.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const t of transcripts) {
      expect(t.id).to.match(/^SLE4442-VEC-\d{3}$/);
      expect(t.source.length, t.id).to.be.greaterThan(20);
    }
    const all = transcripts.flatMap((t) => t.steps);
    expect(all.some((s) => s.op === 'power-loss-after'), 'a power-loss vector').to.equal(true);
    expect(all.some((s) => s.op === 'command' && s.expect === '00 00 00 00'), 'a lock-out vector').to.equal(true);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const secret = transcript.card.secret ? parseHex(transcript.card.secret) : undefined;
      await replayTranscript(transcript, createSle4442({ timing: false, ...(secret ? { secret } : {}) }));
    });
  }
});
