import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { hexWord } from '../../../src/core/hex.ts';
import { COMMAND_STATUS, PC_TO_RDR, RDR_TO_PC, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { encodeCcid, statusByte } from '../../../src/reader/ccid/message.ts';
import type { CcidPort } from '../../../src/reader/transport/ccid-port.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { runSuite } from '../../../conformance/framework/runner.ts';
import type { CaseResult, SuiteReport } from '../../../conformance/framework/report.ts';
import { renderJson } from '../../../conformance/framework/reporters/json.ts';
import { latencySection, notVerifiedSection } from '../../../conformance/reader/behaviour.ts';
import { portBinding } from '../../../conformance/reader/bindings/hardware.ts';
import { simBinding, type SimBindingOptions } from '../../../conformance/reader/bindings/sim.ts';
import { CCID_HEADER_LENGTH } from '../../../src/reader/ccid/constants.ts';
import { mapAnswers, wrapHandle, wrapTransmit } from '../../mutants/reader/mutant.ts';
import { stbpay } from '../../cli/run.ts';

const RUN = { suite: 'reader CCID and sessions', seed: 11, tool: { name: 'stbpay-test', version: '0' }, replay: 'npm test' };

async function runCase(id: string, options: Partial<SimBindingOptions> = {}): Promise<CaseResult> {
  const report = await runSuite([simBinding({ cardType: 'SLE4442', clock: new VirtualClock(), ...options })], { ...RUN, filter: { idPrefixes: [id] } });
  return report.results[0] ?? expect.fail(`no result for ${id}`);
}

const behaviour = (result: CaseResult): string => result.evidence.filter((e) => e.kind === 'note' && e.text?.startsWith('behaviour: ')).map((e) => e.text!).join('\n');

/** An emulated ACR39U with a fresh SLE4442 on an in-process port, standing for a plugged-in reader. */
function pluggedPort(): { emulator: ReaderEmulator; port: CcidPort } {
  const emulator = new ReaderEmulator();
  emulator.insert(0, cardDefinition('SLE4442').create({ timing: false }));
  return { emulator, port: inProcessPort(emulator) };
}

/** `port` as a USB port that reports more about itself (what webusb-port.ts reads from the device). */
function describedPort(port: CcidPort): CcidPort {
  return {
    identity: { ...port.identity, transport: 'usb', manufacturer: 'Advanced Card Systems Ltd.', firmwareVersion: '1.2.3', serialNumber: 'X1' },
    descriptor: port.descriptor,
    send: (message) => port.send(message),
    receive: (timeoutMs) => port.receive(timeoutMs),
    receiveInterrupt: (timeoutMs) => port.receiveInterrupt!(timeoutMs),
    controlAbort: (slot, seq) => port.controlAbort!(slot, seq),
    close: () => port.close(),
  };
}

describe('reader CCID cases: what CCID 1.1 leaves open is recorded, not failed', function () {
  this.timeout(10_000);

  it('READER-PARAM-001 records a refused GetParameters (answer type still Parameters, table 6.1-1)', async () => {
    const refuse = (emulator: ReaderEmulator) =>
      mapAnswers(emulator, PC_TO_RDR.GetParameters, (a) => ({ ...a, specific: [statusByte(0, COMMAND_STATUS.failed), SLOT_ERROR.commandNotSupported, 0], data: new Uint8Array(0) }));
    const result = await runCase('READER-PARAM-001', { mutate: refuse });
    expect(result.verdict, result.reason).to.equal('pass');
    expect(behaviour(result)).to.match(/GetParameters refused with bError 00/);
    const asSlotStatus = await runCase('READER-PARAM-001', { mutate: (e) => mapAnswers(e, PC_TO_RDR.GetParameters, (a) => ({ ...a, type: RDR_TO_PC.SlotStatus, data: new Uint8Array(0) })) });
    expect(asSlotStatus.verdict).to.equal('fail');
  });

  it('READER-PARAM-002 wants 90 00 from the card afterwards, not any two bytes', async () => {
    let setParameters = false;
    const result = await runCase('READER-PARAM-002', {
      mutate: (emulator) => {
        wrapHandle(emulator, (request, answers) => {
          if (request[0] === PC_TO_RDR.SetParameters) setParameters = true;
          return answers;
        });
        wrapTransmit(emulator, (apdu, response) => (setParameters && apdu[1] === 0xa4 ? Uint8Array.of(0x6f, 0x00) : response));
      },
    });
    expect(result.verdict).to.equal('fail');
    expect(result.reason).to.match(/still answers.*90 00.*6F 00/);
  });

  it('READER-CCID-006 passes a reader that ignores bytes beyond dwLength, recorded; the reference refuses them with bError 01', async () => {
    const ignoring = await runCase('READER-CCID-006', {
      mutate: (emulator) =>
        wrapHandle(
          emulator,
          (_request, answers) => answers,
          (message) => message.slice(0, CCID_HEADER_LENGTH + new DataView(message.buffer, message.byteOffset).getUint32(1, true)),
        ),
    });
    expect(ignoring.verdict, ignoring.reason).to.equal('pass');
    expect(behaviour(ignoring)).to.match(/ignored: answered as a normal GetSlotStatus/);
    const reference = await runCase('READER-CCID-006');
    expect(reference.verdict, reference.reason).to.equal('pass');
    expect(behaviour(reference)).to.match(/refused with bError 01/);
  });

  it('READER-CCID-004 and -002 accept an unsupported Secure refused with SlotStatus, bError 00, and record it; SlotStatus without an error still fails', async () => {
    const asSlotStatus = (commandStatus: number) => (emulator: ReaderEmulator) =>
      mapAnswers(emulator, PC_TO_RDR.Secure, (a) => ({ ...a, type: RDR_TO_PC.SlotStatus, specific: [statusByte(0, commandStatus as 0 | 1), 0, 0], data: new Uint8Array(0) }));
    for (const id of ['READER-CCID-004', 'READER-CCID-002']) {
      const result = await runCase(id, { mutate: asSlotStatus(COMMAND_STATUS.failed) });
      expect(result.verdict, `${id}: ${result.reason}`).to.equal('pass');
      expect(behaviour(result), id).to.match(/Secure refused with bError 00, answered with RDR_to_PC_SlotStatus \(not its table 6.1-1 type\)/);
    }
    expect((await runCase('READER-CCID-004', { mutate: asSlotStatus(COMMAND_STATUS.ok) })).verdict).to.equal('fail');
  });
});

describe('reader sessions on a shared port', function () {
  this.timeout(10_000);

  it('drains and records an answer left on the port, and carries bSeq from one case to the next', async () => {
    const { port } = pluggedPort();
    // A command whose answer nobody read: the late answer a case gave up on.
    await port.send(encodeCcid({ type: PC_TO_RDR.GetSlotStatus, slot: 0, seq: 0x42, specific: [0, 0, 0], data: new Uint8Array(0) }));
    const report = await runSuite([portBinding(port, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock() })], {
      ...RUN,
      filter: { idPrefixes: ['READER-POWER-001', 'READER-POWER-003'] },
    });
    await port.close();
    const [first, second] = report.results;
    expect(first!.verdict, first!.reason).to.equal('pass');
    expect(second!.verdict, second!.reason).to.equal('pass');
    const drained = first!.evidence.filter((e) => e.kind === 'received' && /^drained/.test(e.text ?? ''));
    expect(drained.map((e) => e.text)).to.deep.equal(['drained (left over from an earlier session): RDR_to_PC_SlotStatus, slot 0, seq 66, ok, not an answer to this case']);
    const seqOf = (bytes: string | undefined): number => parseInt((bytes ?? '').split(' ')[6] ?? '', 16);
    const lastOfFirst = seqOf(first!.evidence.filter((e) => e.kind === 'sent').at(-1)!.bytes);
    const firstOfSecond = seqOf(second!.evidence.find((e) => e.kind === 'sent')!.bytes);
    expect(firstOfSecond).to.equal(lastOfFirst + 1);
  });

  it('records a drained answer by its header only: a late answer to a counter read may carry the PSC', async () => {
    const { port } = pluggedPort();
    await port.send(encodeCcid({ type: PC_TO_RDR.IccPowerOn, slot: 0, seq: 0x10, specific: [0, 0, 0], data: new Uint8Array(0) }));
    const report = await runSuite([portBinding(port, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock() })], {
      ...RUN,
      filter: { idPrefixes: ['READER-POWER-003'] },
    });
    await port.close();
    const drained = report.results[0]!.evidence.find((e) => /^drained/.test(e.text ?? ''))!;
    expect(drained.bytes).to.equal('80 06 00 00 00 00 10 00 00 00');
    expect(drained.text).to.match(/its 6 data bytes are not recorded$/);
  });

  it('every timed answer carries latencyMs in the evidence, and the JSON report shows it', async () => {
    const clock = new VirtualClock();
    const report = await runSuite([simBinding({ cardType: 'SLE4442', clock, mutate: (e) => e.faults.delayNext(7) })], { ...RUN, filter: { idPrefixes: ['READER-POWER-001'] } });
    const received = report.results[0]!.evidence.filter((e) => e.kind === 'received');
    expect(received.length).to.be.greaterThan(0);
    expect(received[0]!.latencyMs).to.equal(7);
    // Only the delayed answer took time on the virtual clock; every later one is immediate.
    expect(received.slice(1).map((e) => e.latencyMs)).to.deep.equal(received.slice(1).map(() => 0));
    expect(renderJson(report)).to.match(/"latencyMs": 7/);
  });
});

describe('reader certificate: unit identity, what was not verified, latency', function () {
  this.timeout(20_000);

  async function realReaderReport(): Promise<SuiteReport> {
    const { port } = pluggedPort();
    const report = await runSuite([portBinding(describedPort(port), { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock() })], {
      ...RUN,
      filter: { idPrefixes: ['READER-NOTIFY', 'READER-POWER', 'READER-ATR-001'] },
    });
    await port.close();
    return report;
  }

  it('names the firmware, the manufacturer and the card ATR the suite observed', async () => {
    const details = (await realReaderReport()).targets[0]!.details!;
    expect(details).to.include({
      manufacturer: 'Advanced Card Systems Ltd.',
      'firmware (bcdDevice)': '1.2.3',
      'serial number': 'X1',
      'card ATR (observed)': '3B 04 A2 13 10 91',
      'VID:PID': '072F:B100',
    });
  });

  it('says which clauses were not verified on a real reader: NOTIFY-001 and POWER-002 need card movement', async () => {
    const section = notVerifiedSection(await realReaderReport());
    expect(section).to.match(/## Not verified/);
    expect(section).to.match(/not verified on this unit: READER-NOTIFY-001 \(CCID 1\.1 §6\.3\.1.*READER-POWER-002 \(CCID 1\.1 §6\.2\.6/);
    const sim = await runSuite([simBinding({ cardType: 'SLE4442', clock: new VirtualClock() })], { ...RUN, filter: { idPrefixes: ['READER-NOTIFY', 'READER-POWER'] } });
    expect(notVerifiedSection(sim)).to.equal('');
  });

  it('has a latency row per target and command with count, median and max', async () => {
    const clock = new VirtualClock();
    let answers = 0;
    const report = await runSuite(
      [
        simBinding({
          cardType: 'SLE4442',
          clock,
          // POWER-001 powers off twice: the answers take 1 and 3 ms, median 2, max 3.
          mutate: (e) =>
            wrapHandle(
              e,
              (_request, out) => out,
              (message) => {
                if (message[0] === PC_TO_RDR.IccPowerOff) e.faults.delayNext([1, 3, 8][answers++ % 3]!);
                return message;
              },
            ),
        }),
      ],
      { ...RUN, filter: { idPrefixes: ['READER-POWER-001'] } },
    );
    const section = latencySection(report);
    expect(section).to.match(/## Response latency/);
    expect(section).to.match(/\| PC_to_RDR_IccPowerOff \| 2 \| 2\.00 ms \| 3\.00 ms \|/);
    expect(section).to.match(/\| PC_to_RDR_GetSlotStatus \| \d+ \|/);
  });

  it('hexWord writes a 16-bit id as four upper-case digits', () => {
    expect(hexWord(0x072f)).to.equal('072F');
    expect(hexWord(0xb100)).to.equal('B100');
    expect(hexWord(0x5)).to.equal('0005');
  });
});

describe('--interactive: a person moves the card, the slot-change cases run on a real reader', function () {
  this.timeout(10_000);

  it('prompts to remove and insert the card, waits for the slot status, and NOTIFY-001 and POWER-002 pass', async () => {
    const { emulator, port } = pluggedPort();
    const prompts: string[] = [];
    // The "person": does what the prompt says after the first poll (the VirtualClock's sleep between polls returns at once).
    const prompt = (text: string): void => {
      prompts.push(text);
      queueMicrotask(() => {
        if (/remove the card/.test(text)) emulator.remove(0);
        else emulator.insert(0, cardDefinition('SLE4442').create({ timing: false }));
      });
    };
    const binding = portBinding(port, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock(), interactive: { prompt } });
    const report = await runSuite([binding], { ...RUN, filter: { idPrefixes: ['READER-NOTIFY-001', 'READER-POWER-002'] } });
    await port.close();
    expect(report.results.map((r) => `${r.id} ${r.verdict} ${r.reason ?? ''}`.trim())).to.deep.equal(['READER-NOTIFY-001 pass', 'READER-POWER-002 pass']);
    expect(prompts.map((p) => p.replace(/ \(waiting.*\n$/, ''))).to.deep.equal([
      'stbpay: remove the card from slot 0',
      'stbpay: insert the card into slot 0',
      'stbpay: remove the card from slot 0',
      'stbpay: insert the card into slot 0',
    ]);
    expect(notVerifiedSection(report)).to.equal('');
  });

  it('ends the case inconclusive when nobody moves the card within 30 s', async () => {
    const { port } = pluggedPort();
    const binding = portBinding(port, { cardType: 'SLE4442', allowWrites: false, clock: new VirtualClock(), interactive: { prompt: () => undefined } });
    const report = await runSuite([binding], { ...RUN, filter: { idPrefixes: ['READER-POWER-002'] } });
    await port.close();
    expect(report.results[0]!.verdict).to.equal('inconclusive');
    expect(report.results[0]!.reason).to.match(/nobody moved the card in 30 s/);
  });
});

describe('stbpay certify: the certificate sections and --interactive on the command line', function () {
  this.timeout(20_000);

  it('the Markdown certificate of the emulator has the latency section and no "not verified" line', async () => {
    const run = await stbpay('certify', '--target', 'sim', '--card', 'SLE4442', '--report', 'md', '--seed', '4', '--id', 'READER-POWER');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(/## Response latency[\s\S]*\| PC_to_RDR_IccPowerOn \| \d+ \|/);
    expect(run.out).to.not.match(/not verified on this unit/);
  });

  it('refuses --interactive for a PC/SC target before opening anything (exit 2)', async () => {
    const run = await stbpay('certify', '--target', 'pcsc:Some Reader 00 00', '--card', 'SLE4442', '--interactive');
    expect(run.code).to.equal(2);
    expect(run.err).to.match(/--interactive: the card-movement cases watch the slot through CCID/);
  });
});
