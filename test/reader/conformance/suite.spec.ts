import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CARD_TYPES } from '../../../src/cards/card-type.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { readerProfile } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { runSuite, type TargetBinding } from '../../../conformance/framework/runner.ts';
import type { CaseResult, SuiteReport } from '../../../conformance/framework/report.ts';
import { renderMarkdown } from '../../../conformance/framework/reporters/markdown.ts';
import { pcscBinding, portBinding } from '../../../conformance/reader/bindings/hardware.ts';
import { simBinding } from '../../../conformance/reader/bindings/sim.ts';
import { READER_CASES, casesFor } from '../../../conformance/reader/suite.ts';
import type { ReaderTarget } from '../../../conformance/reader/target.ts';

const RUN = { suite: 'reader suite', seed: 1442, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };

async function run(binding: TargetBinding<ReaderTarget>, idPrefixes: string[] = []): Promise<SuiteReport> {
  return runSuite([binding], { ...RUN, filter: { idPrefixes } });
}

const verdictOf = (report: SuiteReport, id: string): CaseResult => report.results.find((r) => r.id === id) ?? expect.fail(`no result for ${id}`);

/** An emulator with a fresh SLE4442 whose PSC is known, to stand for a real reader on its port. */
function emulatorWithCard(): { emulator: ReaderEmulator; code: Uint8Array } {
  const emulator = new ReaderEmulator();
  const definition = cardDefinition('SLE4442');
  emulator.insert(0, definition.create({ timing: false }));
  return { emulator, code: definition.defaultSecret };
}

describe('reader certification suite (conformance/reader)', function () {
  this.timeout(20_000);

  it('has unique ids of the form READER-AREA-NNN, each with a clause, a title and tags', () => {
    const ids = READER_CASES.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const c of READER_CASES) {
      expect(c.id).to.match(/^READER-[A-Z0-9]+-\d{3}$/);
      expect(c.clause.length, c.id).to.be.greaterThan(10);
      expect(c.title.length, c.id).to.be.greaterThan(10);
      expect(c.tags, c.id).to.not.be.empty;
    }
  });

  it('covers every area the issue names, and every card type', () => {
    const tags = new Set(READER_CASES.flatMap((c) => c.tags));
    for (const tag of ['ccid', 'header', 'seq', 'errors', 'abort', 'notify', 'power', 'parameters', 'descriptor', 'atr', 't0', 'memory', 'code', 'protection', 'writes']) {
      expect(tags.has(tag), tag).to.equal(true);
    }
    // Every card type gets select, a read checked for content where its documents give bytes, and its attempts counter read (the
    // AT88SC102/1604 in memory, SCAC): a card type with select and read only would certify a reader that answers zeros.
    for (const type of CARD_TYPES) {
      const own = READER_CASES.filter((c) => c.id.startsWith(`READER-${type}-`));
      expect(own.map((c) => c.id), type).to.include.members([1, 2, 3, 10].map((n) => `READER-${type}-${String(n).padStart(3, '0')}`));
      expect(own.filter((c) => c.tags.includes('code')).length, `${type} code cases`).to.be.at.least(1);
    }
  });

  it('a target runs only its own card type\'s memory cases', () => {
    const ids = casesFor('SLE4428').map((c) => c.id);
    expect(ids).to.include('READER-SLE4428-001');
    expect(ids.filter((id) => /^READER-(SLE4442|AT88)/.test(id))).to.deep.equal([]);
  });

  it('records every CCID answer with its latency on the target clock (a 7 ms delay fault shows as 7 ms)', async () => {
    const clock = new VirtualClock();
    const report = await run(simBinding({ cardType: 'SLE4442', clock, mutate: (emulator) => emulator.faults.delayNext(7) }), ['READER-CCID-001']);
    const result = verdictOf(report, 'READER-CCID-001');
    expect(result.verdict, result.reason).to.equal('pass');
    const received = result.evidence.filter((e) => e.kind === 'received');
    expect(received.length).to.equal(6);
    for (const entry of received) expect(entry.text).to.match(/latency \d+\.\d\d ms$/);
    expect(received[0]!.text).to.match(/latency 7\.00 ms$/);
    expect(received[1]!.text).to.match(/latency 0\.00 ms$/);
    expect(result.evidence.filter((e) => e.kind === 'sent').length).to.equal(6);
  });

  it('the same seed gives the same exchanges (bSeq values of READER-CCID-002 come from it)', async () => {
    const bytes = async (seed: number) =>
      (await runSuite([simBinding({ cardType: 'SLE4442', clock: new VirtualClock() })], { ...RUN, seed, filter: { idPrefixes: ['READER-CCID-002'] } })).results[0]!.evidence
        .filter((e) => e.kind === 'sent')
        .map((e) => e.bytes);
    expect(await bytes(5)).to.deep.equal(await bytes(5));
    expect(await bytes(5)).to.not.deep.equal(await bytes(6));
  });

  it('the certificate names the reader (profile, VID:PID, product, firmware) and the card type', async () => {
    const markdown = renderMarkdown(await run(simBinding({ cardType: 'SLE4428', profile: readerProfile('acr38u-ccid') }), ['READER-ATR']));
    expect(markdown).to.match(/ACS ACR 38U-CCID/);
    expect(markdown).to.match(/VID:PID: 072F:90CC/);
    expect(markdown).to.match(/card type: SLE4428/);
    expect(markdown).to.match(/Overall verdict \| \*\*PASS\*\*/);
  });

  it('a real reader on a CCID port without --allow-writes or --psc: write, code and card-movement cases are not applicable, the rest pass', async () => {
    const { emulator } = emulatorWithCard();
    const port = inProcessPort(emulator);
    const report = await run(portBinding(port, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock() }));
    await port.close();
    const notApplicable = report.results.filter((r) => r.verdict === 'not-applicable');
    expect(report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive').map((r) => `${r.id}: ${r.reason}`)).to.deep.equal([]);
    expect(notApplicable.map((r) => r.id)).to.include.members(['READER-NOTIFY-001', 'READER-POWER-002', 'READER-SLE4442-004', 'READER-SLE4442-005', 'READER-SLE4442-006', 'READER-SLE4442-009']);
    expect(verdictOf(report, 'READER-SLE4442-004').reason).to.match(/writes/);
    expect(verdictOf(report, 'READER-NOTIFY-001').reason).to.match(/card-control/);
    expect(report.targets[0]!.kind).to.equal('real reader');
    expect(report.targets[0]!.details).to.include({ 'VID:PID': '072F:B100', 'card type (stated)': 'SLE4442' });
  });

  it('a real reader with --allow-writes and the PSC passes the write and code cases and leaves the PSC as it found it', async () => {
    const { emulator, code } = emulatorWithCard();
    const port = inProcessPort(emulator);
    const report = await run(portBinding(port, { cardType: 'SLE4442', allowWrites: true, code, clock: new VirtualClock() }), ['READER-SLE4442']);
    await port.close();
    expect(report.results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.verdict}: ${r.reason}`)).to.deep.equal([]);
    // The card answers the original PSC after the run: the code-change case put it back.
    const slot = emulator.slots[0]!;
    await slot.powerOn();
    await slot.transmit(Uint8Array.of(0xff, 0xa4, 0, 0, 1, 0x06));
    expect(Array.from(await slot.transmit(Uint8Array.of(0xff, 0x20, 0, 0, 3, ...code)))).to.deep.equal([0x90, 0x07]);
  });

  it('never presents a code at the card\'s last attempt: a card with one attempt left ends the code cases inconclusive, with no PRESENT_CODE sent', async () => {
    const { emulator, code } = emulatorWithCard();
    const slot = emulator.slots[0]!;
    await slot.powerOn();
    await slot.transmit(Uint8Array.of(0xff, 0xa4, 0, 0, 1, 0x06));
    for (let i = 0; i < 2; i++) await slot.transmit(Uint8Array.of(0xff, 0x20, 0, 0, 3, 0x00, 0x00, 0x00));
    expect(Array.from(await slot.transmit(Uint8Array.of(0xff, 0xb1, 0, 0, 4))).slice(0, 1)).to.deep.equal([0x01]);
    const port = inProcessPort(emulator);
    const report = await run(portBinding(port, { cardType: 'SLE4442', allowWrites: true, code, clock: new VirtualClock() }), ['READER-SLE4442-004', 'READER-SLE4442-005', 'READER-SLE4442-006']);
    await port.close();
    for (const result of report.results) {
      expect(result.verdict, result.id).to.equal('inconclusive');
      const presented = result.evidence.filter((e) => e.kind === 'sent' && /FF 20 00 00 03/.test(e.bytes ?? ''));
      expect(presented, result.id).to.deep.equal([]);
    }
  });

  it('a PC/SC reader gets the APDU and ATR cases; the CCID cases are not applicable', async () => {
    const { emulator, code } = emulatorWithCard();
    const slot = emulator.slots[0]!;
    const link = { transmit: (apdu: Uint8Array) => slot.transmit(apdu), reset: () => slot.powerOn() };
    const report = await run(pcscBinding('Emulated ACR39U 00 00', link, { cardType: 'SLE4442', allowWrites: true, code, clock: new VirtualClock() }));
    expect(report.results.filter((r) => r.verdict === 'fail' || r.verdict === 'inconclusive').map((r) => `${r.id}: ${r.reason}`)).to.deep.equal([]);
    for (const r of report.results.filter((x) => x.tags.includes('ccid'))) expect(r.verdict, r.id).to.equal('not-applicable');
    for (const id of ['READER-ATR-001', 'READER-ATR-002', 'READER-ATR-003', 'READER-SLE4442-004', 'READER-SLE4442-009']) expect(verdictOf(report, id).verdict, id).to.equal('pass');
    expect(report.targets[0]!.details).to.include({ 'PC/SC reader name': 'Emulated ACR39U 00 00' });
  });
});
