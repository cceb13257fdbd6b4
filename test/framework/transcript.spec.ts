import { expect } from 'chai';
import { InputError } from '../../src/core/errors.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../src/cards/synchronous-card.ts';
import { VerdictSignal } from '../../conformance/framework/case.ts';
import { parseTranscript, replayTranscript, type CardTranscript } from '../../conformance/cards/transcript.ts';
import type { TestCard } from '../../conformance/cards/target.ts';
import { PowerLossFault } from '../../simulators/cards/common/power-loss.ts';

/** A toy chip: answers every command with its own bytes reversed, goes mute when the armed fault strikes. */
function reversingCard(): TestCard {
  const faults = new PowerLossFault();
  let powered = false;
  return {
    type: 'SLE4442',
    faults,
    powerOn: async () => ((powered = true), Uint8Array.of(1, 2)),
    reset: async () => Uint8Array.of(1, 2),
    powerOff: async () => void (powered = false),
    async execute(command: ChipCommand): Promise<ChipResponse> {
      if (!powered || faults.strikesNow()) throw new CardMuteError('mute');
      return { data: command.bytes.slice().reverse(), acknowledged: true, busyMicros: 0 };
    },
  };
}

const transcript = (steps: unknown[]): CardTranscript =>
  parseTranscript({ id: 'T-VEC-001', title: 't', source: 'hand-derived', card: { type: 'sle4442' }, steps }, 't.json');

describe('golden transcripts', () => {
  it('replays a matching transcript, including a power loss', async () => {
    await replayTranscript(
      transcript([
        { op: 'power-on', expect: '01 02' },
        { op: 'command', send: '30 00 04', expect: '04 00 30', acknowledged: true },
        { op: 'power-loss-after', bytes: 0 },
        { op: 'command', send: '38 00 00', mute: true },
        { op: 'power-off' },
      ]),
      reversingCard(),
    );
  });

  it('fails at the first mismatch, naming the step and both byte strings', async () => {
    const replay = replayTranscript(
      transcript([{ op: 'power-on' }, { op: 'command', send: '30 00 04', expect: '30 00 04', comment: 'read' }]),
      reversingCard(),
    );
    await replay.then(
      () => expect.fail('a mismatch passed'),
      (error: unknown) => {
        expect(error).to.be.instanceOf(VerdictSignal);
        expect((error as VerdictSignal).reason).to.equal('T-VEC-001 step 2 (read): data: expected 30 00 04, got 04 00 30');
      },
    );
  });

  it('fails a card that answers where it must be mute', async () => {
    await replayTranscript(transcript([{ op: 'power-on' }, { op: 'command', send: '30', mute: true }]), reversingCard()).then(
      () => expect.fail('answered yet passed'),
      (error: unknown) => expect((error as VerdictSignal).reason).to.match(/expected no answer/),
    );
  });

  it('refuses malformed files with the reason', () => {
    expect(() => parseTranscript({ id: 'x', title: 'y', source: '', card: { type: 'SLE4442' }, steps: [{ op: 'power-on' }] }, 'f.json')).to.throw(
      InputError,
      /f.json: "source" must cite/,
    );
    expect(() => transcript([{ op: 'command', send: '3X' }])).to.throw(InputError, /step 1 "send"/);
    expect(() => transcript([{ op: 'jump' }])).to.throw(InputError, /unknown op "jump"/);
    expect(() => transcript([])).to.throw(InputError, /non-empty/);
  });
});
