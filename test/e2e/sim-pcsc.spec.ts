import { expect } from 'chai';
import { captureIo } from '../../bin/io.ts';
import { SIM_READER_NAME, startPcscSimulation, type PcscSimulation } from '../../bin/commands/sim.ts';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { cardDefinition } from '../../simulators/cards/registry.ts';
import { freePortPair } from './support/free-ports.ts';
import { PrivatePcscd } from './support/private-pcscd.ts';
import { describeRun, runProgram } from './support/run-program.ts';
import { openscSend, scriptorSend } from './support/pcsc-tools.ts';
import { readerConfFrom } from './support/sim-output.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

// The real PC/SC stack against `stbpay sim pcsc`: pcscd loads vsmartcard's vpcd, which reaches the
// emulator over TCP; the PC/SC tools and our own PcscChannel talk to the emulated cards through it.
// Expected bytes come from the cards' public descriptions, not from the emulator:
// - SLE4442 ATR as PC/SC sees it: 3B 04 A2 13 10 91 (pcsc-tools #46, pyscard #137, smartcard_list.txt).
// - a blank SLE4442's bytes 00..0F: A2 13 10 91 FF FF 81 15 FF.. (pyscard #137, a real blank card).
// - PRESENT_CODE answers 90 <error counter>, 07 when all three attempts are left; WRITE is FF D0
//   (ACR38x-CCID reference manual §9.3.5).
// - AT88SC102: the fabrication zone 0F 0F (datasheet order) goes LSB first on the wire: F0 F0.

const SLOT0 = `${SIM_READER_NAME} 00 00`;
const SLOT1 = `${SIM_READER_NAME} 00 01`;

/** Readers of ours that `opensc-tool -l` lists with a card ("0    Yes             name"). */
function cardsListed(listing: { stdout: string }): number {
  return listing.stdout.split('\n').filter((line) => /^\d+\s+Yes\s/.test(line) && line.includes(SIM_READER_NAME)).length;
}

describe('e2e: stbpay sim pcsc behind pcscd + vpcd (vsmartcard)', function () {
  this.timeout(30_000);
  let pcscd: PrivatePcscd | undefined;
  let sim: PcscSimulation | undefined;
  const io = captureIo();

  before(async function () {
    this.timeout(20_000);
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.vpcd, E2E_REQUIREMENTS.pcscScan, E2E_REQUIREMENTS.openscTool, E2E_REQUIREMENTS.scriptor);
    const port = await freePortPair();
    sim = await startPcscSimulation({ card: 'SLE4442', slots: 2, vpcd: `127.0.0.1:${port}`, save: false }, io);
    sim.emulator.insert(1, cardDefinition('AT88SC102').create({ timing: false }));
    pcscd = await PrivatePcscd.start({ stbpay: readerConfFrom(io.stdout) });
    await pcscd.waitFor(async () => cardsListed(await runProgram('opensc-tool', ['-l'], { env: pcscd!.env })) === 2, 10_000, 'pcscd to see both cards');
  });

  after(async () => {
    await pcscd?.stop();
    await sim?.stop();
  });

  it('prints where it connects and the reader.conf lines pcscd needs', () => {
    expect(io.stdout).to.match(/slot 0: SLE4442 factory-fresh, ATR 3B 04 A2 13 10 91/);
    expect(io.stdout).to.match(/slot 0: connecting to vpcd at 127\.0\.0\.1:\d+/);
    expect(readerConfFrom(io.stdout)).to.match(/^FRIENDLYNAME "stbpay emulated reader"\nDEVICENAME {3}\/dev\/null:\d+\nLIBPATH {6}\/usr\/lib\/pcsc\/drivers\/serial\/libifdvpcd\.so\n/);
  });

  it('pcsc_scan sees the SLE4442 with ATR 3B 04 A2 13 10 91', () =>
    pcscd!.check(async () => {
      const scan = await runProgram('pcsc_scan', ['-c', '-t', '1'], { env: pcscd!.env });
      const reader0 = scan.stdout.slice(scan.stdout.indexOf(`Reader 0: ${SLOT0}`));
      expect(reader0, describeRun('pcsc_scan', scan)).to.match(/^Reader 0: stbpay emulated reader 00 00\n(.*\n)*? {2}Card state: Card inserted,.*\n {2}ATR: 3B 04 A2 13 10 91\n/);
    }));

  it("opensc-tool selects the card type and reads the blank card's first 16 bytes", () =>
    pcscd!.check(async () => {
      const run = await openscSend(pcscd!.env, SLOT0, ['FF A4 00 00 01 06', 'FF B0 00 00 10']);
      expect(run.code, describeRun('opensc-tool', run)).to.equal(0);
      expect(run.text).to.include(
        'Sending: FF A4 00 00 01 06 Received (SW1=0x90, SW2=0x00) Sending: FF B0 00 00 10 Received (SW1=0x90, SW2=0x00): A2 13 10 91 FF FF 81 15 FF FF FF FF FF FF FF FF',
      );
    }));

  it('scriptor presents the PSC (90 07), writes, and reads the bytes back; the card holds them', () =>
    pcscd!.check(async () => {
      const run = await scriptorSend(pcscd!.env, SLOT0, ['FF A4 00 00 01 06', 'FF 20 00 00 03 FF FF FF', 'FF D0 00 40 03 5A A5 3C', 'FF B0 00 40 03']);
      expect(run.responses, describeRun('scriptor', run)).to.deep.equal(['90 00', '90 07', '90 00', '5A A5 3C 90 00']);
      const main = parseHex(sim!.card.toImage().areas['main'] ?? '');
      expect(toHex(main.subarray(0x40, 0x43))).to.equal('5A A5 3C');
    }));

  it('PcscChannel (src/reader/pcsc over @pokusew/pcsclite) reads the card like the tools', () =>
    pcscd!.check(async () => {
      const run = await runProgram(process.execPath, ['--import', 'tsx', new URL('./support/pcsc-client.ts', import.meta.url).pathname, SLOT0, 'FF A4 00 00 01 06', 'FF B0 00 00 08'], {
        env: pcscd!.env,
        timeoutMs: 20_000,
      });
      const result = JSON.parse(run.stdout || '{}') as { atr?: string; protocol?: number; responses?: string[]; readers?: { name: string; cardPresent: boolean; atr?: string }[]; error?: string };
      expect(result.error, describeRun('pcsc-client', run)).to.equal(undefined);
      expect(result.readers).to.deep.include({ name: SLOT0, cardPresent: true, atr: '3B 04 A2 13 10 91' });
      expect(result.atr).to.equal('3B 04 A2 13 10 91');
      expect(result.protocol, 'T=0 (SCARD_PROTOCOL_T0), as 3B 04 announces').to.equal(1);
      expect(result.responses).to.deep.equal(['90 00', 'A2 13 10 91 FF FF 81 15 90 00']);
    }));

  it('the AT88SC102 in slot 1 answers through its own firmware', () =>
    pcscd!.check(async () => {
      const run = await openscSend(pcscd!.env, SLOT1, ['FF A4 00 00 01 09', 'FF B0 00 00 02', 'FF A4 00 00 01 06']);
      const text = run.text;
      expect(text, describeRun('opensc-tool', run)).to.include('Sending: FF B0 00 00 02 Received (SW1=0x90, SW2=0x00): F0 F0');
      // Another card type's SELECT is refused (our 6A 81, simulators/reader/firmware/pseudo-apdu.ts).
      expect(text).to.include('Sending: FF A4 00 00 01 06 Received (SW1=0x6A, SW2=0x81)');
    }));

  it('removing the card is noticed by pcscd and pcsc_scan', () =>
    pcscd!.check(async () => {
      sim!.emulator.remove(0);
      await pcscd!.waitFor(() => /Card Removed From stbpay emulated reader 00 00/i.test(pcscd!.log), 5000, 'pcscd to notice the removal');
      const scan = await runProgram('pcsc_scan', ['-c', '-t', '1'], { env: pcscd!.env });
      const reader0 = scan.stdout.slice(scan.stdout.indexOf(`Reader 0: ${SLOT0}`));
      expect(reader0, describeRun('pcsc_scan', scan)).to.match(/^Reader 0: stbpay emulated reader 00 00\n(.*\n)*? {2}Card state: Card removed,/);
    }));
});
