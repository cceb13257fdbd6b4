import { expect } from 'chai';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { parseHex } from '../../../src/core/hex.ts';
import { at88sc102Definition } from '../../../simulators/cards/at88sc102/index.ts';

describe('AT88SC102 golden transcripts', () => {
  const transcripts = loadTranscripts('AT88SC102');

  it('has the required vectors: power-on, code procedure, refused write, lock-out, power loss', () => {
    expect(transcripts.map((t) => t.id)).to.include.members(['AT88SC102-VEC-001', 'AT88SC102-VEC-002', 'AT88SC102-VEC-003', 'AT88SC102-VEC-004', 'AT88SC102-VEC-005']);
    for (const t of transcripts) expect(t.source.length, `${t.id} source`).to.be.greaterThan(20);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const card = at88sc102Definition.create({ timing: false, ...(transcript.card.secret ? { secret: parseHex(transcript.card.secret) } : {}) });
      await replayTranscript(transcript, card);
    });
  }
});
