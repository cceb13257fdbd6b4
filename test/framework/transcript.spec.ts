import { expect } from 'chai';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../src/cards/synchronous-card.ts';
import { VerdictSignal } from '../../conformance/framework/case.ts';
import { loadTranscripts, parseTranscript, replayTranscript, type CardTranscript } from '../../conformance/cards/transcript.ts';
import type { TestCard } from '../../conformance/cards/target.ts';
import { PowerLossFault } from '../../simulators/cards/common/power-loss.ts';
import { tempDir } from '../setup/temp-dirs.ts';

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
    expect(() => transcript([null])).to.throw(InputError, /step 1: a step must be a JSON object/);
    expect(() => transcript([{ op: 'command', send: 30 }])).to.throw(InputError, /step 1 "send" must be a hex string/);
    expect(() => transcript([{ op: 'command', send: '30', read: '4' }])).to.throw(InputError, /step 1: "read" must be a whole number/);
    expect(() => transcript([{ op: 'command', send: '30', mute: 'yes' }])).to.throw(InputError, /"mute" must be true or false/);
    expect(() =>
      parseTranscript({ id: 'x', title: 'y', source: 's', card: { type: 'SLE4442', secret: 'FF FF FG' }, steps: [{ op: 'power-on' }] }, 'f.json'),
    ).to.throw(InputError, /f.json "card.secret": 'G' is not a hex digit/);
    expect(() => parseTranscript({ id: 'x', title: 'y', source: 's', card: { type: 'SLE9' }, steps: [{ op: 'power-on' }] }, 'f.json')).to.throw(
      InputError,
      /f.json: "card.type": .*unknown card type "SLE9"/,
    );
  });

  it('loads a folder of transcripts, naming a file that is broken or belongs to another card type', async () => {
    const root = await tempDir('vectors');
    await mkdir(join(root, 'SLE4442'));
    const good = { id: 'SLE4442-VEC-001', title: 't', source: 's', card: { type: 'SLE4442' }, steps: [{ op: 'power-on' }] };
    await writeFile(join(root, 'SLE4442', '001.json'), JSON.stringify(good));
    expect(loadTranscripts('SLE4442', root).map((t) => t.id)).to.deep.equal(['SLE4442-VEC-001']);
    expect(loadTranscripts('SLE4428', root)).to.deep.equal([]);
    await writeFile(join(root, 'SLE4442', '002.json'), JSON.stringify({ ...good, card: { type: 'SLE4428' } }));
    expect(() => loadTranscripts('SLE4442', root)).to.throw(InputError, /002\.json: "card.type" is SLE4428, but the file is among the SLE4442 vectors/);
    await writeFile(join(root, 'SLE4442', '002.json'), '{"id": ');
    expect(() => loadTranscripts('SLE4442', root)).to.throw(InputError, /002\.json: not valid JSON/);
  });
});
