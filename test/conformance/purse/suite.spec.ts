import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { CpuCard } from '../../../src/cards/cpu/cpu-card.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import type { SuiteReport } from '../../../conformance/framework/report.ts';
import { emulatorPurseTarget } from '../../../conformance/purse/emulator.ts';
import { CHANGSHA_KEYS } from '../../../conformance/purse/keys.ts';
import { PURSE_CASES, PURSE_SUITE_NAME } from '../../../conformance/purse/suite.ts';
import { purseBinding, type PurseTarget } from '../../../conformance/purse/target.ts';

async function run(targets: PurseTarget[], idPrefixes: string[] = []): Promise<SuiteReport> {
  return runSuite(
    targets.map((t) => purseBinding(t, PURSE_CASES, { kind: 'emulator', name: `purse card ${t.card.protocol}` })),
    { suite: PURSE_SUITE_NAME, seed: 21, tool: { name: 'test', version: '0' }, replay: 'test', filter: { idPrefixes } },
  );
}

const verdicts = (report: SuiteReport) => report.results.map((r) => `${r.target} ${r.id} ${r.verdict}${r.reason ? `: ${r.reason}` : ''}`);

/** A card that answers 9000 where it should refuse a MAC (9302): the broken purse the MAC cases are aimed at. */
function acceptingBadMacs(card: CpuCard): CpuCard {
  return {
    protocol: card.protocol,
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    transmit: async (command) => {
      const response = await card.transmit(command);
      const sw = (response[response.length - 2]! << 8) | response[response.length - 1]!;
      return sw === 0x9302 ? Uint8Array.of(0, 0, 0, 0, 0x90, 0x00) : response;
    },
  };
}

describe('PBOC purse conformance suite [docs/purse/card-application.md]', () => {
  it('passes every case against the emulated purse card under T=0 and T=1; the other protocol\'s case is not applicable', async () => {
    const report = await run([emulatorPurseTarget('T=0', CHANGSHA_KEYS, 1), emulatorPurseTarget('T=1', CHANGSHA_KEYS, 2)]);
    expect(report.results.filter((r) => r.verdict !== 'pass' && r.verdict !== 'not-applicable').map((r) => `${r.target} ${r.id}: ${r.reason}`)).to.deep.equal([]);
    expect(report.results.filter((r) => r.verdict === 'not-applicable').map((r) => `${r.target} ${r.id}`)).to.deep.equal(['purse card T=0 PURSE-T1-001', 'purse card T=1 PURSE-T0-001']);
    expect(report.results).to.have.length(2 * PURSE_CASES.length);
  });

  it('fails the bad-MAC cases against a purse that answers 9000 to a wrong MAC2 or MAC1', async () => {
    const honest = emulatorPurseTarget('T=1', CHANGSHA_KEYS, 3);
    const report = await run([{ ...honest, card: acceptingBadMacs(honest.card) }], ['PURSE-SW-9302', 'PURSE-LOAD-001']);
    expect(verdicts(report).map((v) => v.replace(/:.*/, ''))).to.deep.equal([
      'purse card T=1 PURSE-LOAD-001 pass',
      'purse card T=1 PURSE-SW-9302-001 fail',
      'purse card T=1 PURSE-SW-9302-002 fail',
    ]);
    expect(report.results[1]!.reason).to.match(/status word 9000, expected 9302/);
  });

  it('fails the load case against a card personalised with other keys than the suite was given (MAC1 does not verify)', async () => {
    const other = emulatorPurseTarget('T=1', { ...CHANGSHA_KEYS, dlk: CHANGSHA_KEYS.dpk }, 4);
    const report = await run([{ ...other, keys: CHANGSHA_KEYS }], ['PURSE-LOAD-001']);
    expect(report.results[0]!.verdict).to.equal('fail');
    expect(report.results[0]!.reason).to.match(/MAC1/);
  });

  it('is not applicable to power loss on a card the suite cannot cut the power of', async () => {
    const { card, keys } = emulatorPurseTarget('T=1', CHANGSHA_KEYS, 5);
    const report = await run([{ card, keys }], ['PURSE-POWER']);
    expect(report.results.map((r) => r.verdict)).to.deep.equal(['not-applicable']);
  });
});

describe('PBOC purse conformance suite: power loss against a card without anti-tearing', () => {
  it('fails PURSE-POWER-001 when a cut DEBIT leaves its half-written bytes (the emulator\'s tearing fault)', async () => {
    const target = emulatorPurseTarget('T=1', CHANGSHA_KEYS, 6);
    const card = target.card as unknown as { faults: { powerLossAfter(bytes: number, options?: { tear?: boolean }): void; clear(): void } };
    const torn: PurseTarget = { ...target, powerCut: { after: (bytes) => card.faults.powerLossAfter(bytes, { tear: true }), clear: () => card.faults.clear() } };
    const report = await run([torn], ['PURSE-POWER']);
    expect(report.results[0]!.verdict, report.results[0]!.reason).to.equal('fail');
    expect(report.results[0]!.reason).to.match(/power cut after \d+ bytes|GET TRANSACTION PROVE|proof/);
  });
});

describe('PURSE conformance suite: traceability [docs/conformance.md]', () => {
  it('gives every case a unique PURSE-AREA-…-NNN id, a clause, a title and tags, and documents each in docs/conformance/purse.md', () => {
    const doc = readFileSync(new URL('../../../docs/conformance/purse.md', import.meta.url), 'utf8');
    const ids = PURSE_CASES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const c of PURSE_CASES) {
      expect(c.id).to.match(/^PURSE-[A-Z0-9=-]+-\d{3}$/);
      expect(c.clause.trim(), c.id).to.not.equal('');
      expect(c.title.trim(), c.id).to.not.equal('');
      expect(c.tags, c.id).to.not.be.empty;
      expect(doc, c.id).to.contain(`| \`${c.id}\` | ${c.clause} |`);
    }
  });
});
