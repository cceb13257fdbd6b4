import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRandom } from '../../../src/core/random.ts';
import { corruptByte, startHsmEmulator, type FaultPersona, type RunningHsmEmulator } from '../../../simulators/hsm/index.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../../conformance/framework/report.ts';
import { HSM_CASES, HSM_SUITE_NAME } from '../../../conformance/hsm/suite.ts';
import { hsmBinding, hsmTarget } from '../../../conformance/hsm/target.ts';

async function runAgainst(emulator: RunningHsmEmulator, idPrefixes: string[] = []): Promise<SuiteReport> {
  return runSuite([hsmBinding(hsmTarget({ host: emulator.host, port: emulator.port, timeoutMs: 2_000 }), HSM_CASES)], {
    suite: HSM_SUITE_NAME,
    seed: 11,
    tool: { name: 'test', version: '0' },
    replay: 'test',
    filter: { idPrefixes },
  });
}

const failures = (report: SuiteReport) => report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`);

describe('HSM conformance suite [docs/hsm.md]', () => {
  let emulator: RunningHsmEmulator;
  beforeEach(async () => {
    emulator = await startHsmEmulator({ port: 0, random: createRandom(5) });
  });
  afterEach(() => emulator.close());

  it('passes every case against our emulator, each with evidence and a clause', async () => {
    const report = await runAgainst(emulator);
    expect(failures(report)).to.deep.equal([]);
    expect(report.results.length).to.equal(HSM_CASES.length);
    for (const r of report.results) {
      expect(r.clause, r.id).to.match(/docs\/hsm\.md|psam_hsm/);
      expect(r.evidence.length, r.id).to.be.greaterThan(0);
    }
  });

  it('fails the MAC, KCV and purse cases against an HSM that flips the last bit of every answer (corrupt persona)', async () => {
    emulator.persona = corruptByte();
    const report = await runAgainst(emulator, ['HSM-MAC-M6-001', 'HSM-PURSE-PL-001', 'HSM-KEY-A4-001']);
    expect(report.results.map((r) => [r.id, r.verdict])).to.deep.equal([
      ['HSM-KEY-A4-001', 'fail'],
      ['HSM-MAC-M6-001', 'fail'],
      ['HSM-PURSE-PL-001', 'fail'],
    ]);
    expect(report.results[1]!.reason).to.match(/M6 algorithm/);
  });

  it('fails the framing cases against an HSM that does not echo the header byte for byte', async () => {
    emulator.persona = rewrite('renumbers headers', (message) => {
      const copy = Uint8Array.from(message);
      copy[0] = 0x7a; // 'z'
      return copy;
    });
    const report = await runAgainst(emulator, ['HSM-FRAME-']);
    expect(report.results.map((r) => r.verdict)).to.deep.equal(['fail', 'fail', 'fail', 'fail']);
    expect(report.results[0]!.reason).to.match(/echoed header/);
  });

  it('fails the unknown-command case against an HSM that closes the connection on an unknown command', async () => {
    emulator.persona = {
      name: 'close on 60',
      summary: 'closes instead of answering error 60',
      apply: async (answer) => (Buffer.from(answer.message).toString('latin1').slice(6, 8) === '60' ? { kind: 'drop' } : { kind: 'send', message: answer.message }),
    };
    const report = await runAgainst(emulator, ['HSM-ROBUST-001', 'HSM-KEY-A6-001']);
    expect(report.results.map((r) => [r.id, r.verdict])).to.deep.equal([
      ['HSM-KEY-A6-001', 'pass'],
      ['HSM-ROBUST-001', 'fail'],
    ]);
    expect(report.results[1]!.reason).to.match(/closed the connection/);
  });
});

/** A persona that rewrites every answer message. */
function rewrite(summary: string, change: (message: Uint8Array) => Uint8Array): FaultPersona {
  return { name: 'rewrite', summary, apply: async (answer) => ({ kind: 'send', message: change(answer.message) }) };
}

describe('HSM conformance suite: traceability [docs/conformance.md]', () => {
  it('gives every case a unique HSM-AREA-…-NNN id, a clause, a title and tags, and documents each in docs/conformance/hsm.md', () => {
    const doc = readFileSync(new URL('../../../docs/conformance/hsm.md', import.meta.url), 'utf8');
    const ids = HSM_CASES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const c of HSM_CASES) {
      expect(c.id).to.match(/^HSM-[A-Z0-9=-]+-\d{3}$/);
      expect(c.clause.trim(), c.id).to.not.equal('');
      expect(c.title.trim(), c.id).to.not.equal('');
      expect(c.tags, c.id).to.not.be.empty;
      expect(doc, c.id).to.contain(`| \`${c.id}\` | ${c.clause} |`);
    }
  });
});
