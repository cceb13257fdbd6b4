import { expect } from 'chai';
import { parseHex } from '../../../src/core/hex.ts';
import { loadTranscripts, replayTranscript } from '../../../conformance/cards/transcript.ts';
import { at88sc153Definition } from '../../../simulators/cards/at88sc153/index.ts';

describe('AT88SC153 golden transcripts', () => {
  const transcripts = loadTranscripts('AT88SC153');

  it('has the required vectors, each citing its source', () => {
    expect(transcripts.map((t) => t.id)).to.include.members([
      'AT88SC153-VEC-001', 'AT88SC153-VEC-002', 'AT88SC153-VEC-003', 'AT88SC153-VEC-004', 'AT88SC153-VEC-005',
    ]);
    for (const t of transcripts) expect(t.source).to.match(/1016|sqf-ice|Decard/);
  });

  for (const transcript of transcripts) {
    it(`${transcript.id}: ${transcript.title}`, async () => {
      const secret = transcript.card.secret ? parseHex(transcript.card.secret) : undefined;
      const card = at88sc153Definition.create({ timing: false, ...(secret ? { secret } : {}) });
      await replayTranscript(transcript, card);
    });
  }
});
