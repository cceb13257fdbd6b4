import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { PC_TO_RDR, RDR_TO_PC, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { statusByte } from '../../../src/reader/ccid/message.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { readerProfile, type ReaderProfile } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import type { CaseResult } from '../../../conformance/framework/report.ts';
import { pcscBinding } from '../../../conformance/reader/bindings/hardware.ts';
import { simBinding, type SimBindingOptions } from '../../../conformance/reader/bindings/sim.ts';
import { mapAnswers, wrapTransmit } from '../../mutants/reader/mutant.ts';

const RUN = { suite: 'reader T=0 and ATR', seed: 7, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };

async function runCase(id: string, options: Partial<SimBindingOptions> = {}): Promise<CaseResult> {
  const report = await runSuite([simBinding({ cardType: 'SLE4442', clock: new VirtualClock(), ...options })], { ...RUN, filter: { idPrefixes: [id] } });
  return report.results[0] ?? expect.fail(`no result for ${id}`);
}

const behaviour = (result: CaseResult): string[] => result.evidence.filter((e) => e.kind === 'note' && e.text?.startsWith('behaviour: ')).map((e) => e.text!);
const sentBytes = (result: CaseResult): string[] => result.evidence.filter((e) => e.kind === 'sent').map((e) => e.bytes ?? '');

/** The SLE4442 counter read with Le 03 (the right Le is 04): a reader that answers `response` instead. */
const wrongLeAnswer = (response: Uint8Array) => (emulator: ReaderEmulator) =>
  wrapTransmit(emulator, (apdu, original) => (apdu[1] === 0xb1 && apdu[4] === 0x03 ? response : original));

/** Fails every XfrBlock whose APDU matches `matches` at the CCID level with bError `error`. */
const refuseXfr = (matches: (apdu: Uint8Array) => boolean, error: number) => (emulator: ReaderEmulator) =>
  mapAnswers(emulator, PC_TO_RDR.XfrBlock, (answer, request) =>
    matches(request.slice(10)) ? { ...answer, specific: [statusByte(0, 1), error, 0], data: new Uint8Array(0) } : answer,
  );

/** The default profile at another exchange level (CCID 1.1 §5.1 dwFeatures bits 16..18). */
function atLevel(level: number): ReaderProfile {
  const profile = readerProfile('acr39u');
  return { ...profile, descriptor: { ...profile.descriptor, dwFeatures: (profile.descriptor.dwFeatures & ~0x00070000) | level } };
}

/** Every IccPowerOn answered with `atr`. */
const withAtr = (atr: Uint8Array) => (emulator: ReaderEmulator) =>
  mapAnswers(emulator, PC_TO_RDR.IccPowerOn, (answer) => (answer.data.length > 0 ? { ...answer, data: atr } : answer));

/** An SLE4442 ATR in a layout that is not ACS's (pcsc-tools smartcard_list.txt). */
const OTHER_LAYOUT_ATR = Uint8Array.of(0x3b, 0x85, 0x80, 0x01, 0x01, 0xa2, 0x13, 0x10, 0x91, 0x35);

describe('reader T=0 cases: error answers are the reader\'s choice, recorded (ISO/IEC 7816-4 §5.6)', function () {
  this.timeout(10_000);

  it('READER-T0-001 sends case 1 as CLA INS P1 P2 P3=00 at TPDU level (ISO/IEC 7816-3 §12.2.2) and as 4 bytes at APDU level', async () => {
    const tpdu = await runCase('READER-T0-001');
    expect(tpdu.verdict, tpdu.reason).to.equal('pass');
    expect(sentBytes(tpdu).at(-1)).to.match(/ FF A4 00 00 00$/);
    const apdu = await runCase('READER-T0-001', { profile: atLevel(0x00020000) });
    expect(apdu.verdict, apdu.reason).to.equal('pass');
    expect(sentBytes(apdu).at(-1)).to.match(/00 00 00 FF A4 00 00$/);
  });

  it('READER-T0-004 passes on an error status word other than stbpay\'s 67 00 and records it', async () => {
    const result = await runCase('READER-T0-004', { mutate: (e) => wrapTransmit(e, (apdu, r) => (apdu.length === 6 && apdu[4] === 2 ? Uint8Array.of(0x6a, 0x80) : r)) });
    expect(result.verdict, result.reason).to.equal('pass');
    expect(behaviour(result).join('\n')).to.match(/refused with 6A 80; the stbpay emulator answers 67 00/);
  });

  it('READER-T0-004 passes on a CCID-level refusal (XfrBlock failed) and records bError; SELECT still has to work afterwards', async () => {
    const refuse = refuseXfr((apdu) => apdu.length === 6 && apdu[4] === 2, 0x07);
    const result = await runCase('READER-T0-004', { mutate: refuse });
    expect(result.verdict, result.reason).to.equal('pass');
    expect(behaviour(result).join('\n')).to.match(/XfrBlock failed with bError 07/);
    const stuck = await runCase('READER-T0-004', {
      mutate: (emulator) => {
        refuse(emulator);
        let mismatched = false;
        wrapTransmit(emulator, (apdu, r) => {
          if (apdu.length === 6 && apdu[4] === 2) mismatched = true;
          return mismatched && apdu[1] === 0xa4 ? Uint8Array.of(0x6f, 0x00) : r;
        });
      },
    });
    expect(stuck.verdict).to.equal('fail');
    expect(stuck.reason).to.match(/SELECT_CARD_TYPE afterwards/);
  });

  it('READER-T0-005 passes on 6C with the right Le, fails 6C with another', async () => {
    const right = await runCase('READER-T0-005', { mutate: wrongLeAnswer(Uint8Array.of(0x6c, 0x04)) });
    expect(right.verdict, right.reason).to.equal('pass');
    expect(behaviour(right).join('\n')).to.match(/6C 04, the right Le/);
    const wrong = await runCase('READER-T0-005', { mutate: wrongLeAnswer(Uint8Array.of(0x6c, 0x05)) });
    expect(wrong.verdict).to.equal('fail');
  });

  it('READER-T0-005 passes when the reader ignores Le and answers the same counter with 90 00 (ACS manuals use Le 00 and 04), fails on another counter', async () => {
    const same = await runCase('READER-T0-005', { mutate: wrongLeAnswer(Uint8Array.of(0x07, 0x00, 0x00, 0x00, 0x90, 0x00)) });
    expect(same.verdict, same.reason).to.equal('pass');
    expect(behaviour(same).join('\n')).to.match(/same counter \(Le ignored\)/);
    const other = await runCase('READER-T0-005', { mutate: wrongLeAnswer(Uint8Array.of(0x03, 0x00, 0x00, 0x00, 0x90, 0x00)) });
    expect(other.verdict).to.equal('fail');
    expect(other.reason).to.match(/counter/);
  });

  it('READER-T0-005 records a CCID-level refusal of the wrong Le (XfrBlock failed) as behaviour', async () => {
    const result = await runCase('READER-T0-005', { mutate: refuseXfr((apdu) => apdu[1] === 0xb1 && apdu[4] === 0x03, 0x07) });
    expect(result.verdict, result.reason).to.equal('pass');
    expect(behaviour(result).join('\n')).to.match(/wrong Le refused at the CCID level, XfrBlock failed with bError 07/);
  });

  it('READER-T0-006 records a CCID-level refusal of class 00 as behaviour', async () => {
    const result = await runCase('READER-T0-006', { mutate: refuseXfr((apdu) => apdu[0] === 0x00, SLOT_ERROR.commandNotSupported) });
    expect(result.verdict, result.reason).to.equal('pass');
    expect(behaviour(result).join('\n')).to.match(/class 00: refused at the CCID level, XfrBlock failed with bError 00/);
  });

  it('READER-T0-003 and READER-T0-006 run over PC/SC; T0-001, -002, -004, -005 need the CCID link', async () => {
    const emulator = new ReaderEmulator();
    emulator.insert(0, cardDefinition('SLE4442').create({ timing: false }));
    const slot = emulator.slots[0]!;
    const link = { transmit: (apdu: Uint8Array) => slot.transmit(apdu), reset: () => slot.powerOn() };
    const report = await runSuite([pcscBinding('Emulated ACR39U 00 00', link, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock() })], {
      ...RUN,
      filter: { idPrefixes: ['READER-T0'] },
    });
    const verdicts = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
    expect(verdicts).to.deep.equal({
      'READER-T0-001': 'not-applicable',
      'READER-T0-002': 'not-applicable',
      'READER-T0-003': 'pass',
      'READER-T0-004': 'not-applicable',
      'READER-T0-005': 'not-applicable',
      'READER-T0-006': 'pass',
    });
  });
});

describe('reader ATR cases: the ACS layout only on ACS readers (ISO/IEC 7816-3 §8.2)', function () {
  this.timeout(10_000);

  it('a non-ACS reader with the SLE4442 ATR 3B 85 80 01 01 A2 13 10 91 35 (pcsc-tools smartcard_list.txt) passes ATR-001 and ATR-002, the layout recorded', async () => {
    const gemplus = readerProfile('gempc-twin');
    const first = await runCase('READER-ATR-001', { profile: gemplus, mutate: withAtr(OTHER_LAYOUT_ATR) });
    expect(first.verdict, first.reason).to.equal('pass');
    expect(behaviour(first).join('\n')).to.match(/laid out by the reader itself: 3B 85 80 01 01 A2 13 10 91 35/);
    const second = await runCase('READER-ATR-002', { profile: gemplus, mutate: withAtr(OTHER_LAYOUT_ATR) });
    expect(second.verdict, second.reason).to.equal('pass');
  });

  it('an ACS reader (VID 072F) with that layout fails ATR-001: ACS readers send 3B 04 + the chip bytes', async () => {
    const result = await runCase('READER-ATR-001', { mutate: withAtr(OTHER_LAYOUT_ATR) });
    expect(result.verdict).to.equal('fail');
    expect(result.reason).to.match(/interface bytes/);
  });

  it('ATR-002 fails when the chip bytes are not one run in the historical bytes', async () => {
    const split = Uint8Array.of(0x3b, 0x05, 0xa2, 0x13, 0x00, 0x10, 0x91);
    const result = await runCase('READER-ATR-002', { profile: readerProfile('gempc-twin'), mutate: withAtr(split) });
    expect(result.verdict).to.equal('fail');
  });

  it('a CCID answer of the wrong type is still no ATR: IccPowerOn answered as SlotStatus fails ATR-001', async () => {
    const result = await runCase('READER-ATR-001', { mutate: (e) => mapAnswers(e, PC_TO_RDR.IccPowerOn, (a) => ({ ...a, type: RDR_TO_PC.SlotStatus })) });
    expect(result.verdict).to.equal('fail');
  });
});
