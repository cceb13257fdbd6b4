import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { cpuCardFromProfile } from '../../../simulators/cards/cpu/index.ts';
import { pbocPurseApplication } from '../../../simulators/cards/pboc-purse/index.ts';
import { purseCardProfile, scripted } from './support.ts';

interface Transcript {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly card: {
    readonly protocol: 'T=0' | 'T=1';
    readonly application: 'EP' | 'ED';
    readonly keys: { readonly load: string; readonly purchase: string; readonly tac: string };
    readonly balance: number;
    readonly randoms: readonly string[];
    /** Hex: the CAPP MAC1 suffix of a city card (psam_hsm.md §1.7). */
    readonly cappMac1Suffix?: string;
  };
  /** `fromTrace: false` marks a step that is ours, not the trace's (its expected bytes follow from the trace's values). */
  readonly steps: readonly { readonly send: string; readonly expect?: string; readonly expectMask?: string; readonly comment?: string; readonly fromTrace?: boolean }[];
}

const DIR = new URL('../../../vectors/purse/', import.meta.url);
const transcripts = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as Transcript);

/** `??` in a mask matches any byte. */
function matches(actual: string, mask: string): boolean {
  const a = actual.split(' ');
  const m = mask.split(' ');
  return a.length === m.length && m.every((byte, i) => byte === '??' || byte === a[i]);
}

describe('PBOC purse: golden APDU transcripts from public traces (vectors/purse)', () => {
  it('has transcripts to replay', () => expect(transcripts.length).to.be.at.least(3));

  for (const t of transcripts) {
    it(`${t.id}: ${t.title}`, async () => {
      const keys = { dlk: parseHex(t.card.keys.load), dpk: parseHex(t.card.keys.purchase), dtk: parseHex(t.card.keys.tac) };
      const card = cpuCardFromProfile(purseCardProfile(t.card.protocol, keys, t.card.balance), t.id, {
        random: scripted(...t.card.randoms),
        applications: {
          'pboc-purse': pbocPurseApplication({
            application: t.card.application,
            overdraftLimit: 0,
            maxBalance: 0xffffffff,
            variant: { proveSequence: 'used', ...(t.card.cappMac1Suffix ? { cappMac1Suffix: parseHex(t.card.cappMac1Suffix) } : {}) },
          }),
        },
      });
      await card.powerOn();
      for (const [i, step] of t.steps.entries()) {
        const answer = toHex(await card.transmit(parseHex(step.send)));
        const where = `${t.id} step ${i + 1} (${step.comment ?? step.send}); source: ${t.source}`;
        if (step.expect !== undefined) expect(answer, where).to.equal(step.expect);
        if (step.expectMask !== undefined) expect(matches(answer, step.expectMask), `${where}: ${answer} against ${step.expectMask}`).to.equal(true);
      }
    });
  }
});
