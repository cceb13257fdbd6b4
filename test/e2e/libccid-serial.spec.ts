import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { SIM_READER_NAME, startSerialSimulation, type Simulation } from '../../bin/commands/sim.ts';
import { parseHex, toHex } from '../../src/core/hex.ts';
import type { PtyPair } from '../../simulators/reader/pty.ts';
import { PrivatePcscd } from './support/private-pcscd.ts';
import { describeRun, runProgram } from './support/run-program.ts';
import { openscSend, scriptorSend } from './support/pcsc-tools.ts';
import { readerConfFrom } from './support/sim-output.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

// The reference CCID driver against our reader emulator: `stbpay sim reader` puts the emulator on a
// socat pseudo-terminal with the GemPC Twin serial framing, and pcscd loads libccid's serial driver
// (libccidtwin.so) on the other end. libccid's own CCID code (ccid_serial.c, commands.c,
// ifdhandler.c) then drives it: firmware Escape, power-on, SetParameters, T=0 TPDUs, slot polling.
// Expected bytes as in sim-pcsc.spec.ts: ATR 3B 04 A2 13 10 91 and a blank card's header from
// pyscard #137; 90 07 for a correct PSC with three attempts (ACR38x-CCID §9.3.5).

const READER = `${SIM_READER_NAME} 00 00`;

describe('e2e: stbpay sim reader behind pcscd + libccid (serial, libccidtwin.so)', function () {
  this.timeout(30_000);
  let dir: string;
  let pcscd: PrivatePcscd | undefined;
  let sim: (Simulation & { readonly pty: PtyPair }) | undefined;
  const io = captureIo();

  before(async function () {
    this.timeout(20_000);
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.ccidTwin, E2E_REQUIREMENTS.socat, E2E_REQUIREMENTS.pcscScan, E2E_REQUIREMENTS.openscTool, E2E_REQUIREMENTS.scriptor);
    dir = await mkdtemp(join(tmpdir(), 'stbpay-pty-'));
    sim = await startSerialSimulation({ pty: join(dir, 'ttyCCID'), profile: 'gempc-twin', card: 'SLE4442', save: false }, io);
    // 0x0007: libccid's critical, info and comm (every frame) messages, without the periodic polls.
    pcscd = await PrivatePcscd.start({ stbpay: readerConfFrom(io.stdout) }, { LIBCCID_ifdLogLevel: '0x0007' });
    // A card present at start-up is logged with its ATR only ("Card inserted into" is for later insertions).
    await pcscd.waitFor(() => /Card ATR: 3B 04 A2 13 10 91/.test(pcscd!.log), 10_000, 'pcscd to see the card through libccid');
  });

  after(async () => {
    // Each step runs even if the one before it fails, so no pcscd, socat or temporary directory stays behind.
    try {
      await pcscd?.stop();
    } finally {
      try {
        await sim?.stop();
      } finally {
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it('prints the pty and the reader.conf lines for libccidtwin.so', () => {
    const conf = readerConfFrom(io.stdout);
    expect(conf).to.equal(`FRIENDLYNAME "stbpay emulated reader"\nDEVICENAME   ${join(dir, 'ttyCCID')}:GemPCTwin\nLIBPATH      /usr/lib/pcsc/drivers/serial/libccidtwin.so\n`);
  });

  it('libccid talks GemPC Twin framing to the emulator (firmware Escape answered)', () =>
    pcscd!.check(async () => {
      // ccid_serial.c OpenSerialByName asks for the firmware with Escape 02 and logs the answer.
      expect(pcscd!.log).to.match(/ccid_serial\.c:\d+:OpenSerialByName\(\) Firmware: \S+/);
    }));

  it('pcsc_scan sees the card with ATR 3B 04 A2 13 10 91', () =>
    pcscd!.check(async () => {
      const scan = await runProgram('pcsc_scan', ['-c', '-t', '1'], { env: pcscd!.env });
      expect(scan.stdout, describeRun('pcsc_scan', scan)).to.match(/Reader 0: stbpay emulated reader 00 00\n(.*\n)*? {2}Card state: Card inserted,.*\n {2}ATR: 3B 04 A2 13 10 91\n/);
    }));

  it('opensc-tool exchanges pseudo-APDUs through libccid T=0 TPDUs', () =>
    pcscd!.check(async () => {
      const run = await openscSend(pcscd!.env, READER, ['FF A4 00 00 01 06', 'FF B0 00 00 10']);
      expect(run.text, describeRun('opensc-tool', run)).to.include(
        'Sending: FF B0 00 00 10 Received (SW1=0x90, SW2=0x00): A2 13 10 91 FF FF 81 15 FF FF FF FF FF FF FF FF',
      );
    }));

  it('scriptor presents the PSC, writes and reads back; the card holds the bytes', () =>
    pcscd!.check(async () => {
      const run = await scriptorSend(pcscd!.env, READER, ['FF A4 00 00 01 06', 'FF 20 00 00 03 FF FF FF', 'FF D0 00 80 02 C3 3C', 'FF B0 00 80 02']);
      expect(run.responses, describeRun('scriptor', run)).to.deep.equal(['90 00', '90 07', '90 00', 'C3 3C 90 00']);
      const main = parseHex(sim!.card.toImage().areas['main'] ?? '');
      expect(toHex(main.subarray(0x80, 0x82))).to.equal('C3 3C');
    }));

  it('a removed card is noticed (serial card-movement notification 50 02)', () =>
    pcscd!.check(async () => {
      sim!.emulator.remove(0);
      await pcscd!.waitFor(() => /Card Removed From stbpay emulated reader 00 00/i.test(pcscd!.log), 5000, 'pcscd to notice the removal');
      const scan = await runProgram('pcsc_scan', ['-c', '-t', '1'], { env: pcscd!.env });
      expect(scan.stdout, describeRun('pcsc_scan', scan)).to.match(/Reader 0: stbpay emulated reader 00 00\n(.*\n)*? {2}Card state: Card removed,/);
    }));
});
