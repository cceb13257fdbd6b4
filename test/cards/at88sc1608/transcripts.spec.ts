import { expect } from 'chai';
import { parseHex } from '../../../src/core/hex.ts';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { at88sc1608Definition } from '../../../simulators/cards/at88sc1608/index.ts';

describe('AT88SC1608 golden transcripts', () => {
  const transcripts = loadTranscripts('AT88SC1608');

  it('has at least 5 (ATR, code procedure, protected write, lock-out, power loss), each citing its source', () => {
    expect(transcripts.length).to.be.at.least(5);
    for (const t of transcripts) expect(t.source, t.id).to.match(/\S{10,}/);
    expect(new Set(transcripts.map((t) => t.id)).size).to.equal(transcripts.length);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const secret = transcript.card.secret ? parseHex(transcript.card.secret) : undefined;
      const card = at88sc1608Definition.create({ timing: false, ...(secret ? { secret } : {}) });
      await replayTranscript(transcript, card);
    });
  }
});
