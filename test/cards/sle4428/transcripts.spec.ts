import { expect } from 'chai';
import { parseHex } from '../../../src/core/hex.ts';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { sle4428Definition } from '../../../simulators/cards/sle4428/index.ts';

describe('SLE4428 golden transcripts', () => {
  const transcripts = loadTranscripts('SLE4428');

  it('has at least 5, each citing its source', () => {
    expect(transcripts.length).to.be.at.least(5);
    for (const t of transcripts) expect(t.source, t.id).to.match(/\S{10,}/);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const secret = transcript.card.secret ? parseHex(transcript.card.secret) : undefined;
      const card = sle4428Definition.create({ timing: false, ...(secret ? { secret } : {}) });
      await replayTranscript(transcript, card);
    });
  }
});
