import { expect } from 'chai';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { parseHex } from '../../../src/core/hex.ts';
import { at88sc1604Definition } from '../../../simulators/cards/at88sc1604/index.ts';

describe('AT88SC1604 golden transcripts', () => {
  const transcripts = loadTranscripts('AT88SC1604');

  it('has the required vectors: power-on, code procedure, refused write, lock-out, power loss', () => {
    expect(transcripts.map((t) => t.id)).to.include.members(['AT88SC1604-VEC-001', 'AT88SC1604-VEC-002', 'AT88SC1604-VEC-003', 'AT88SC1604-VEC-004', 'AT88SC1604-VEC-005']);
    for (const t of transcripts) expect(t.source.length, `${t.id} source`).to.be.greaterThan(20);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const card = at88sc1604Definition.create({ timing: false, ...(transcript.card.secret ? { secret: parseHex(transcript.card.secret) } : {}) });
      await replayTranscript(transcript, card);
    });
  }
});
