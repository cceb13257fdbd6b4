import { expect } from 'chai';
import { Command } from 'commander';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { registerCertifyCommand, type CertifyDependencies } from '../../bin/commands/certify.ts';
import { deliverReport, ReportWriteError } from '../../bin/commands/report-output.ts';
import { InputError, StbpayError } from '../../src/core/errors.ts';
import type { SuiteReport } from '../../conformance/framework/report.ts';
import { cardDefinition } from '../../simulators/cards/registry.ts';
import { openTarget } from '../../src/reader/open-target.ts';
import { inProcessPort } from '../../simulators/reader/in-process-port.ts';
import { emulatedUsbDevice } from '../../simulators/reader/webusb-device.ts';
import { ReaderEmulator } from '../../simulators/reader/reader-emulator.ts';
import { READER_MUTANTS } from '../mutants/reader/index.ts';
import { stbpay } from './run.ts';
import { tempDir } from '../setup/temp-dirs.ts';

/** The PSC of the plugged-in card; a report must show neither it nor the codes the cases derive from it. */
const PSC = Uint8Array.of(0x12, 0x34, 0x56);

/**
 * Every way a report could spell a code: spaced or compact hex in either case, and the bytes as
 * decimal numbers (a JSON array). For the stated PSC and the codes the cases derive from it: the wrong
 * code of READER-SLE4442-004 (last byte XOR FF) and the changed code of -005 (every byte XOR 5A).
 */
function codeSpellings(): string[] {
  const codes = [PSC, PSC.map((b, i) => (i === PSC.length - 1 ? b ^ 0xff : b)), PSC.map((b) => b ^ 0x5a)];
  return codes.flatMap((code) => {
    const hex = Array.from(code, (b) => b.toString(16).padStart(2, '0').toUpperCase());
    const spaced = hex.join(' ');
    const compact = hex.join('');
    return [spaced, compact, spaced.toLowerCase(), compact.toLowerCase(), Array.from(code).join(','), Array.from(code).join(', ')];
  });
}

/** An emulated ACR39U with a fresh SLE4442 (PSC 12 34 56), optionally made faulty, standing for a plugged-in reader. */
function pluggedReader(mutantName?: string): ReaderEmulator {
  const emulator = new ReaderEmulator();
  if (mutantName) READER_MUTANTS.find((m) => m.name === mutantName)!.mutate(emulator);
  emulator.insert(0, cardDefinition('SLE4442').create({ timing: false, secret: PSC }));
  return emulator;
}

/** `stbpay certify ...` with the reader-opening functions replaced; returns exit code and output. */
async function certifyWith(dependencies: CertifyDependencies, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const program = new Command('stbpay').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerCertifyCommand(program, io, dependencies);
  await program.parseAsync(['certify', ...argv], { from: 'user' });
  return { code: io.exitCode, out: io.stdout, err: io.stderr };
}

describe('stbpay certify', function () {
  this.timeout(20_000);

  it('certifies the emulator with one card type: JSON on stdout, progress on stderr, exit 0, a replay line', async () => {
    const run = await stbpay('certify', '--target', 'sim', '--card', 'SLE4442', '--report', 'json', '--seed', '9');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.verdict).to.equal('pass');
    expect(report.suite).to.equal('stbpay reader certification');
    expect(report.replay).to.equal('npx stbpay certify --target sim --seed 9 --card SLE4442');
    expect(report.targets).to.have.length(1);
    expect(report.targets[0].details).to.include({ profile: 'acr39u', 'VID:PID': '072F:B100', 'card type': 'SLE4442' });
    expect(report.results.map((r: { id: string }) => r.id)).to.include.members(['READER-CCID-001', 'READER-ATR-002', 'READER-SLE4442-004']);
    expect(run.err).to.match(/PASS READER-CCID-001/);
  });

  it('--target sim without --card runs every card type, and --out-dir writes certificate, JSON, JUnit and text', async () => {
    const dir = await tempDir('certify');
    const run = await stbpay('certify', '--target', 'sim', '--profile', 'gempc-twin', '--id', 'READER-ATR', '--out-dir', dir);
    expect(run.code, run.out).to.equal(0);
    expect((await readdir(dir)).sort()).to.deep.equal(['certificate.md', 'junit.xml', 'report.json', 'report.txt']);
    const certificate = await readFile(join(dir, 'certificate.md'), 'utf8');
    expect(certificate).to.match(/Overall verdict \| \*\*PASS\*\*/);
    for (const type of ['SLE4442', 'SLE4428', 'AT88SC1608', 'AT88SC153', 'AT88SC102', 'AT88SC1604']) expect(certificate).to.match(new RegExp(`card type: ${type}`));
    expect(certificate).to.match(/Gemalto|GemPC/);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).to.match(/failures="0"/);
    // The case ids repeat for every card type, so the progress names each target before its cases, and ends with the files written.
    expect(run.out).to.match(/target: stbpay reader emulator \(.*GemPC Twin\) with an emulated SLE4428\nPASS READER-ATR-001/);
    expect(run.out.match(/^target: stbpay reader emulator .* with an emulated \w+$/gm)).to.have.length(6);
    expect(run.out).to.include(`written: ${join(dir, 'certificate.md')}, ${join(dir, 'report.json')}, ${join(dir, 'junit.xml')}, ${join(dir, 'report.txt')}`);
  });

  it('certifies a USB reader with a real card: the certificate names it by VID:PID and the stated card, and never holds the PSC', async () => {
    const emulator = pluggedReader();
    const dir = await tempDir('certify');
    const run = await certifyWith({ openPort: async () => inProcessPort(emulator) }, '--target', 'usb:072F:B100', '--card', 'sle4442', '--allow-writes', '--psc', '12 34 56', '--out-dir', dir, '--seed', '4');
    expect(run.code, run.out).to.equal(0);
    const certificate = await readFile(join(dir, 'certificate.md'), 'utf8');
    expect(certificate).to.match(/\*\*ACS ACR39U ICC Reader\*\* \(real reader\)/);
    expect(certificate).to.match(/VID:PID: 072F:B100/);
    expect(certificate).to.match(/card type \(stated\): SLE4442/);
    // What the clauses allow either way is stated: the ACR39U takes SetParameters, and which status word refused each write.
    expect(certificate).to.match(/## Recorded behaviour[\s\S]*\| READER-PARAM-002 \| SetParameters taken;/);
    expect(certificate).to.match(/\| READER-SLE4442-009 \| a write to a protected byte refused with 65 81 \|/);
    // Card movement needs hands: the certificate lists those cases as not applicable.
    expect(certificate).to.match(/READER-NOTIFY-001 \| .* \| NOT APPLICABLE \| target lacks card-control/);
    const report = await readFile(join(dir, 'report.json'), 'utf8');
    expect(JSON.parse(report).replay).to.equal('npx stbpay certify --target usb:072F:B100 --seed 4 --card sle4442 --allow-writes --psc <code>');
    // The code cases ran (and passed), yet no file holds the PSC, the wrong code (last byte flipped) or the changed one (XOR 5A), in any spelling.
    const verdicts = Object.fromEntries(JSON.parse(report).results.map((r: { id: string; verdict: string }) => [r.id, r.verdict]));
    for (const id of ['READER-SLE4442-004', 'READER-SLE4442-005']) expect(verdicts[id], id).to.equal('pass');
    expect(codeSpellings()).to.include.members(['12 34 56', '123456', '1234a9', '486E0C', '18,52,86']);
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      for (const code of codeSpellings()) expect(text, `${file} holds ${code}`).to.not.include(code);
    }
    for (const code of codeSpellings()) expect(run.out + run.err, `output holds ${code}`).to.not.include(code);
  });

  it('--psc-file reads the code from a file: the code never shows on the command line, the replay names the file, the code cases pass', async () => {
    const emulator = pluggedReader();
    const dir = await tempDir('certify');
    const file = join(dir, 'psc.txt');
    await writeFile(file, '12 34 56\n');
    const run = await certifyWith({ openPort: async () => inProcessPort(emulator) }, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--allow-writes', '--psc-file', file, '--id', 'READER-SLE4442-00', '--report', 'json', '--seed', '3');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.replay).to.equal(`npx stbpay certify --target usb:072F:B100 --seed 3 --card SLE4442 --id READER-SLE4442-00 --allow-writes --psc-file ${file}`);
    expect(report.results.find((r: { id: string }) => r.id === 'READER-SLE4442-005').verdict).to.equal('pass');
    for (const code of codeSpellings()) expect(run.out + run.err, code).to.not.include(code);
  });

  it('warns on stderr before the run when writes or protection are allowed', async () => {
    const run = await certifyWith(
      { openPort: async () => inProcessPort(pluggedReader()) },
      '--target', 'usb:072F:B100', '--card', 'SLE4442', '--allow-writes', '--allow-protect', '--psc', '123456', '--id', 'READER-SLE4442-001', '--report', 'json',
    );
    expect(run.code, run.err).to.equal(0);
    expect(run.err).to.match(/^stbpay: warning: --allow-protect: .* protects one for good/m);
    expect(run.err).to.match(/^stbpay: warning: --allow-writes: the cases write to the card/m);
    // The warnings come before the first case's progress line.
    expect(run.err.indexOf('warning')).to.be.lessThan(run.err.indexOf('READER-SLE4442-001'));
    expect(JSON.parse(run.out).targets[0].details).to.include({ protection: 'allowed (--allow-protect): a byte may be protected for good' });
    const quiet = await certifyWith({ openPort: async () => inProcessPort(pluggedReader()) }, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--id', 'READER-SLE4442-001', '--report', 'json');
    expect(quiet.err).to.not.match(/warning/);
  });

  it('checks the code against the card type before opening the reader (InputError, so exit 2; nothing sent)', async () => {
    let opened = 0;
    const open = { openPort: async () => (opened++, inProcessPort(pluggedReader())) };
    const short = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc', '1234').catch((error: Error) => error);
    expect(short).to.be.instanceOf(InputError).with.property('field', '--psc');
    expect((short as Error).message).to.match(/the SLE4442 PSC is 3 bytes \(6 hex digits\), got 2/);
    const sle4428 = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4428', '--psc', '123456').catch((error: Error) => error);
    expect((sle4428 as Error).message).to.match(/--psc: the SLE4428 PSC is 2 bytes/);
    const noCodeCase = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'AT88SC102', '--psc', 'F0F0').catch((error: Error) => error);
    expect(noCodeCase).to.be.instanceOf(InputError);
    expect((noCodeCase as Error).message).to.match(/--psc: no AT88SC102 case presents a code/);
    const both = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc', '123456', '--psc-file', 'x').catch((error: Error) => error);
    expect((both as Error).message).to.match(/--psc-file: give the code once/);
    const protectAlone = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--allow-protect').catch((error: Error) => error);
    expect((protectAlone as Error).message).to.match(/--allow-protect: protecting a byte is a write: add --allow-writes too/);
    const dir = await tempDir('certify');
    const file = join(dir, 'psc.txt');
    await writeFile(file, 'secret 12 34 56\n');
    const garbage = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc-file', file).catch((error: Error) => error);
    expect(garbage).to.be.instanceOf(InputError).with.property('field', '--psc-file');
    // The message names the file, never what is in it.
    expect((garbage as Error).message).to.not.match(/secret|12 34 56/);
    const missing = await certifyWith(open, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc-file', join(dir, 'none')).catch((error: Error) => error);
    expect((missing as Error).message).to.match(/--psc-file: cannot read/);
    expect(opened).to.equal(0);
  });

  it('a report that cannot be written after the run is not an input error (the paths were checked before it)', async () => {
    const dir = await tempDir('certify');
    const error = await deliverReport({} as SuiteReport, { format: 'json', out: join(dir, 'gone', 'r.json') }, captureIo(), () => '{}').catch((e: Error) => e);
    expect(error).to.be.instanceOf(ReportWriteError).and.not.instanceOf(InputError);
    expect(error).to.be.instanceOf(StbpayError).with.property('code', 'STBPAY_ERR_REPORT_WRITE');
  });

  it('certifies through the WebUSB transport (openTarget with an emulated USB device): identity and descriptor come from the device', async () => {
    const emulator = pluggedReader();
    const usb = { requestDevice: async () => emulatedUsbDevice(emulator) };
    const run = await certifyWith({ openPort: (text) => openTarget(text, { usb }) }, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--report', 'json', '--seed', '2');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.targets[0].kind).to.equal('real reader');
    expect(report.targets[0].details).to.include({ transport: 'usb', 'VID:PID': '072F:B100', bcdCCID: '110' });
    const byId = Object.fromEntries(report.results.map((r: { id: string; verdict: string }) => [r.id, r.verdict]));
    for (const id of ['READER-CCID-006', 'READER-CCID-007', 'READER-DESC-001', 'READER-SLE4442-003']) expect(byId[id], id).to.equal('pass');
    expect(byId['READER-SLE4442-004']).to.equal('not-applicable');
  });

  it('exits 1 when the reader fails a case, and shows the case with its evidence', async () => {
    const run = await certifyWith({ openPort: async () => inProcessPort(pluggedReader('seq-not-echoed')) }, '--target', 'usb:072F:B100', '--card', 'SLE4442', '--id', 'READER-CCID-00');
    expect(run.code).to.equal(1);
    expect(run.out).to.match(/FAIL READER-CCID-002/);
    expect(run.out).to.match(/bSeq of the answer/);
    expect(run.out).to.match(/verdict: FAIL/);
  });

  it('certifies a PC/SC reader at APDU level: the CCID cases are not applicable', async () => {
    const emulator = pluggedReader();
    const slot = emulator.slots[0]!;
    const link = { transmit: (apdu: Uint8Array) => slot.transmit(apdu), reset: () => slot.powerOn(), close: async () => undefined };
    const run = await certifyWith({ openPcsc: async () => link }, '--target', 'pcsc:ACS ACR39U ICC Reader 00 00', '--card', 'SLE4442', '--report', 'json');
    expect(run.code, run.err).to.equal(0);
    const report = JSON.parse(run.out);
    expect(report.targets[0].details['PC/SC reader name']).to.equal('ACS ACR39U ICC Reader 00 00');
    const byId = Object.fromEntries(report.results.map((r: { id: string; verdict: string }) => [r.id, r.verdict]));
    expect(byId['READER-CCID-001']).to.equal('not-applicable');
    expect(byId['READER-ATR-002']).to.equal('pass');
  });

  it('says what is wrong with the command line (exit 2)', async () => {
    const bogus = await stbpay('certify', '--target', 'bluetooth:1', '--card', 'SLE4442');
    expect(bogus.code).to.equal(2);
    expect(bogus.err).to.match(/--target: "bluetooth:1" is none of/);
    const noCard = await stbpay('certify', '--target', 'usb:072F:B100');
    expect(noCard.code).to.equal(2);
    expect(noCard.err).to.match(/--card: a real reader is certified with a card of a stated type/);
    const profile = await stbpay('certify', '--target', 'serial:/dev/ttyS0', '--card', 'SLE4442', '--profile', 'acr39u');
    expect(profile.code).to.equal(2);
    expect(profile.err).to.match(/--profile: only --target sim/);
    const psc = await stbpay('certify', '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc', 'zz');
    expect(psc.code).to.equal(2);
    expect(psc.err).to.match(/--psc/);
    const pscLength = await stbpay('certify', '--target', 'usb:072F:B100', '--card', 'SLE4442', '--psc', '1234');
    expect(pscLength.code).to.equal(2);
    expect(pscLength.err).to.match(/--psc: the SLE4442 PSC is 3 bytes/);
    const card = await stbpay('certify', '--target', 'sim', '--card', 'SLE9999');
    expect(card.code).to.equal(2);
    const filter = await stbpay('certify', '--target', 'sim', '--card', 'SLE4442', '--id', 'NOPE');
    expect(filter.code).to.equal(2);
    expect(filter.err).to.match(/no case matches the filter/);
    const missing = await stbpay('certify', '--card', 'SLE4442');
    expect(missing.code).to.equal(2);
  });
});
