import { expect } from 'chai';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { SIM_READER_NAME, startPcscSimulation, startSerialSimulation, type Simulation } from '../../bin/commands/sim.ts';
import { parseHex } from '../../src/core/hex.ts';
import { saveImageFile } from '../../simulators/cards/common/image.ts';
import { cardDefinition } from '../../simulators/cards/registry.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { casesTagged, codeLeaks, runCertify, verdictLines, type CaseResult, type CertifyRun } from './support/certify-run.ts';
import { freePortPair } from './support/free-ports.ts';
import { PrivatePcscd } from './support/private-pcscd.ts';
import { runProgram } from './support/run-program.ts';
import { readerConfFrom } from './support/sim-output.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

// `stbpay certify` against real stacks, each run as a user runs it (a process of its own):
// - serial: our serialport-based GemPC Twin host port opens the socat pseudo-terminal of
//   `stbpay sim reader` (no pcscd): raw CCID, so the CCID cases run;
// - PC/SC through pcscd + vsmartcard's vpcd to `stbpay sim pcsc`: APDUs and ATR only;
// - PC/SC through pcscd + libccid's serial driver (libccidtwin.so) + the pty of `stbpay sim reader`.
// The card is an SLE4442, the default of both `sim` commands, with the PSC generic blank cards ship
// with, FF FF FF (smartcard_list.txt "SLE 4442, Code FFFFFF", research cards_readers.md §1.1). A
// certification must leave a customer's card as it found it, and no report may show its code.

const READER = `${SIM_READER_NAME} 00 00`;
const DEFAULT_PSC = 'FFFFFF';
const SLE4442_ATR = '3B 04 A2 13 10 91';

/** Cases that exchange plain CCID messages on a card left in place: a serial GemPC Twin link has every capability they need. */
const SERIAL_CCID_CASES = [
  'READER-CCID-001', 'READER-CCID-002', 'READER-CCID-003', 'READER-CCID-004', 'READER-CCID-005',
  'READER-POWER-001', 'READER-POWER-003', 'READER-PARAM-001', 'READER-PARAM-002',
];

/**
 * What a serial reader certified by hand cannot offer (conformance/reader/target.ts): no control
 * pipe for ABORT, a framing that finds a message's end by its own dwLength, nobody to move the card,
 * and no class descriptor read from the device (a serial link has none).
 */
const SERIAL_LACKS = ['target lacks control-abort', 'target lacks transport-framing', 'target lacks card-control', 'target lacks device-descriptor'];

/** A factory-fresh SLE4442 image, as the run must leave the card (cases that write restore what they changed). */
function freshSle4442Areas(secret?: Uint8Array): Readonly<Record<string, string>> {
  return cardDefinition('SLE4442').create(secret ? { secret } : {}).toImage().areas;
}

/** `results` all passed; `expected` are among them (a suite that lost its cases must not pass this). */
function expectAllPassed(run: CertifyRun, results: readonly CaseResult[], expected: readonly string[]): void {
  expect(results.map((r) => r.id), run.shown).to.include.members(expected);
  expect(verdictLines(results.filter((r) => r.verdict !== 'pass')), run.shown).to.deep.equal([]);
}

/**
 * Certified through PC/SC: the card's own cases (ATR, the SLE4442's pseudo-APDUs) and the T=0 cases
 * that need only APDU access (T0-003, T0-006) pass; the cases that need raw CCID messages are not
 * applicable and say so: the CCID ones, and the T=0 ones that send TPDUs in XfrBlock (through PC/SC,
 * pcscd and its driver would answer for the reader). The certificate names the PC/SC reader.
 */
function expectPcscCertificate(run: CertifyRun): void {
  expect(run.code, run.shown).to.equal(0);
  expect(run.report.verdict).to.equal('pass');
  const apduOnly = ['READER-T0-003', 'READER-T0-006'];
  const cardLevel = run.report.results.filter((r) => r.tags.includes('atr') || r.tags.includes('memory') || apduOnly.includes(r.id));
  expectAllPassed(run, cardLevel, ['READER-ATR-001', 'READER-ATR-003', ...apduOnly, 'READER-SLE4442-004', 'READER-SLE4442-005', 'READER-SLE4442-006', 'READER-SLE4442-009']);
  const rawCcid = run.report.results.filter((r) => !cardLevel.includes(r));
  expect(rawCcid.map((r) => r.id)).to.include.members(['READER-CCID-001', 'READER-DESC-001', 'READER-T0-001']);
  expect(verdictLines(rawCcid.filter((r) => r.verdict !== 'not-applicable' || !/^target lacks ccid\b/.test(r.reason ?? ''))), run.shown).to.deep.equal([]);
  expect(run.report.targets).to.have.length(1);
  expect(run.report.targets[0]!.name).to.equal(READER);
  expect(run.report.targets[0]!.details).to.include({ transport: 'PC/SC', 'PC/SC reader name': READER, 'card type (stated)': 'SLE4442' });
  expect(run.certificate).to.include(`**${READER}** (real reader (PC/SC))`);
  expect(run.certificate).to.match(/card type \(stated\): SLE4442/);
  expect(run.certificate).to.match(/\| READER-CCID-001 \| .* \| NOT APPLICABLE \| target lacks ccid \|/);
  expect(run.report.replay).to.include('--psc <code>').and.not.include(DEFAULT_PSC);
}

describe('e2e: stbpay certify against real stacks', function () {
  this.timeout(20_000);

  describe('serial: the GemPC Twin host port on the pty of stbpay sim reader (no pcscd)', () => {
    // A code that is not the default and no blank card's bytes, so that finding it in a report means a leak.
    const PSC = parseHex('5A C3 96');
    let dir: string;
    let sim: Simulation | undefined;
    let run: CertifyRun;

    before(async function () {
      this.timeout(15_000);
      await requireTools(E2E_REQUIREMENTS.socat);
      dir = await tempDir('certify-serial');
      const image = join(dir, 'card.json');
      await saveImageFile(image, cardDefinition('SLE4442').create({ secret: PSC }).toImage());
      sim = await startSerialSimulation({ pty: join(dir, 'ttyCCID'), profile: 'gempc-twin', image, save: false }, captureIo());
      run = await runCertify(['--target', `serial:${join(dir, 'ttyCCID')}:GemPCTwin`, '--card', 'SLE4442', '--allow-writes', '--psc', '5AC396'], join(dir, 'out'));
    });

    after(async () => {
      await sim?.stop();
    });

    it('exits 0 with a passing certificate, every format written', () => {
      expect(run.code, run.shown).to.equal(0);
      expect(run.report.verdict).to.equal('pass');
      expect(Object.keys(run.files).sort()).to.deep.equal(['certificate.md', 'junit.xml', 'report.json', 'report.txt']);
      expect(run.certificate).to.match(/\| Overall verdict \| \*\*PASS\*\* \|/);
    });

    it('names the serial reader (its tty and model) and the stated card type', () => {
      const tty = join(dir, 'ttyCCID');
      expect(run.report.targets).to.have.length(1);
      expect(run.report.targets[0]!.name).to.equal(`${tty} (GemPCTwin)`);
      expect(run.report.targets[0]!.details).to.include({ transport: 'serial', 'card type (stated)': 'SLE4442' });
      expect(run.certificate).to.include(`**${tty} (GemPCTwin)** (real reader); transport: serial`);
      expect(run.certificate).to.match(/card type \(stated\): SLE4442/);
    });

    it('ran the CCID cases over the serial framing (CCID 1.1 §6); only what a serial link lacks is not applicable', () => {
      const ccid = casesTagged(run.report, 'ccid');
      const passed = ccid.filter((r) => r.verdict === 'pass').map((r) => r.id);
      expect(passed, run.shown).to.include.members(SERIAL_CCID_CASES);
      const others = ccid.filter((r) => r.verdict !== 'pass');
      expect(verdictLines(others.filter((r) => r.verdict !== 'not-applicable' || !SERIAL_LACKS.includes(r.reason ?? ''))), run.shown).to.deep.equal([]);
    });

    it('passed the ATR, T=0 and SLE4442 cases, code and writes included', () => {
      const apduLevel = run.report.results.filter((r) => !r.tags.includes('ccid'));
      expectAllPassed(run, apduLevel, ['READER-ATR-001', 'READER-T0-001', 'READER-T0-004', 'READER-SLE4442-004', 'READER-SLE4442-005', 'READER-SLE4442-006']);
    });

    it('shows the PSC nowhere: not in the files, not on the console, not as a code derived from it', () => {
      const leaks = codeLeaks({ ...run.files, stdout: run.stdout, stderr: run.stderr }, PSC);
      expect(leaks).to.deep.equal([]);
      expect(run.report.replay).to.include('--psc <code>');
    });

    it('leaves the card as it found it: same PSC, every attempt left, the bytes it wrote restored', () => {
      expect(sim!.card.toImage().areas).to.deep.equal(freshSle4442Areas(PSC));
    });
  });

  describe('PC/SC: pcscd + vpcd (vsmartcard) + stbpay sim pcsc', () => {
    let dir: string;
    let pcscd: PrivatePcscd | undefined;
    let sim: Simulation | undefined;
    let run: CertifyRun;

    before(async function () {
      this.timeout(20_000);
      await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.vpcd, E2E_REQUIREMENTS.openscTool);
      dir = await tempDir('certify-vpcd');
      const io = captureIo();
      // `sim pcsc` with no --card: the default card is a factory-fresh SLE4442.
      sim = await startPcscSimulation({ vpcd: `127.0.0.1:${await freePortPair()}`, save: false }, io);
      expect(sim.card.type).to.equal('SLE4442');
      pcscd = await PrivatePcscd.start({ stbpay: readerConfFrom(io.stdout) });
      await waitForCard(pcscd);
      run = await pcscd.check(() => runCertify(['--target', `pcsc:${READER}`, '--card', 'SLE4442', '--allow-writes', '--psc', DEFAULT_PSC], join(dir, 'out'), { env: pcscd!.env }));
    });

    after(async () => {
      try {
        await pcscd?.stop();
      } finally {
        await sim?.stop();
      }
    });

    it('exits 0: the card cases pass, the raw-CCID cases are not applicable and say why, the PC/SC reader is named', () => {
      expectPcscCertificate(run);
    });

    it('leaves the card as it found it', () => {
      expect(sim!.card.toImage().areas).to.deep.equal(freshSle4442Areas());
    });
  });

  describe('PC/SC: pcscd + libccid (libccidtwin.so) + the pty of stbpay sim reader', () => {
    let dir: string;
    let pcscd: PrivatePcscd | undefined;
    let sim: Simulation | undefined;
    let run: CertifyRun;

    before(async function () {
      this.timeout(20_000);
      await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.ccidTwin, E2E_REQUIREMENTS.socat);
      dir = await tempDir('certify-libccid');
      const io = captureIo();
      // `sim reader` with no --card: a factory-fresh SLE4442 too.
      sim = await startSerialSimulation({ pty: join(dir, 'ttyCCID'), profile: 'gempc-twin', save: false }, io);
      expect(sim.card.type).to.equal('SLE4442');
      pcscd = await PrivatePcscd.start({ stbpay: readerConfFrom(io.stdout) });
      // A card present at start-up is logged with its ATR (libccid-serial.spec.ts).
      await pcscd.waitFor(() => pcscd!.log.includes(`Card ATR: ${SLE4442_ATR}`), 10_000, 'pcscd to see the card through libccid');
      run = await pcscd.check(() => runCertify(['--target', `pcsc:${READER}`, '--card', 'SLE4442', '--allow-writes', '--psc', DEFAULT_PSC], join(dir, 'out'), { env: pcscd!.env }));
    });

    after(async () => {
      try {
        await pcscd?.stop();
      } finally {
        await sim?.stop();
      }
    });

    it('exits 0 through the whole stack (PC/SC → libccid → pty → our serial CCID emulator)', () => {
      expectPcscCertificate(run);
    });

    it('leaves the card as it found it', () => {
      expect(sim!.card.toImage().areas).to.deep.equal(freshSle4442Areas());
    });
  });
});

/** Until `opensc-tool -l` lists our slot 0 with a card in it ("0    Yes             name"). */
async function waitForCard(pcscd: PrivatePcscd): Promise<void> {
  await pcscd.waitFor(
    async () => {
      const listing = await runProgram('opensc-tool', ['-l'], { env: pcscd.env });
      return listing.stdout.split('\n').some((line) => /^\d+\s+Yes\s/.test(line) && line.trimEnd().endsWith(READER));
    },
    10_000,
    `pcscd to see the card in ${READER}`,
  );
}
