import { expect } from 'chai';
import { CHANGSHA, scripted } from '../simulators/pboc-purse/support.ts';
import { purseCard } from '../reader/cpu/support.ts';
import { connectToVpcd } from '../../simulators/reader/vpcd/connector.ts';
import { vpcdReaderConf, type VpcdBridge } from '../../simulators/reader/vpcd/bridge.ts';
import { READER_PROFILES } from '../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../simulators/reader/reader-emulator.ts';
import { freePortPair } from './support/free-ports.ts';
import { openscSend } from './support/pcsc-tools.ts';
import { PrivatePcscd } from './support/private-pcscd.ts';
import { describeRun, runProgram } from './support/run-program.ts';
import { openscReaderIndex } from './support/sim-output.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

// A PBOC purse on an emulated CPU card behind the real PC/SC stack: pcscd loads vsmartcard's vpcd,
// which reaches our vpcd bridge over TCP; opensc-tool SELECTs the purse by its DF name and asks for
// the balance (80 5C 00 02 04 → balance (4) ‖ 90 00, psam_hsm.md §1.2). Slot 0 holds a T=0 card,
// slot 1 a T=1 card.

const NAME = 'stbpay cpu reader';
const SLOTS = { 'T=0': `${NAME} 00 00`, 'T=1': `${NAME} 00 01` } as const;
/** 7223 fen, the Changsha trace's load amount: balance bytes 00 00 1C 37. */
const BALANCE = 0x1c37;

describe('e2e: a PBOC purse CPU card in the emulated reader behind pcscd + vpcd', function () {
  this.timeout(30_000);
  let pcscd: PrivatePcscd | undefined;
  let bridge: VpcdBridge | undefined;
  const log: string[] = [];

  before(async function () {
    this.timeout(20_000);
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.vpcd, E2E_REQUIREMENTS.openscTool);
    const emulator = new ReaderEmulator({ profile: READER_PROFILES['dual-slot'] });
    emulator.insert(0, purseCard('T=0', CHANGSHA, scripted(), BALANCE));
    emulator.insert(1, purseCard('T=1', CHANGSHA, scripted(), BALANCE));
    bridge = connectToVpcd(emulator, { host: '127.0.0.1', port: await freePortPair(), retryMs: 100, log: (line) => log.push(line) });
    pcscd = await PrivatePcscd.start({ stbpay: vpcdReaderConf(bridge, NAME) });
    await pcscd.waitFor(
      async () => (await runProgram('opensc-tool', ['-l'], { env: pcscd!.env })).stdout.split('\n').filter((line) => /^\d+\s+Yes\s/.test(line) && line.includes(NAME)).length === 2,
      10_000,
      'pcscd to see both purse cards',
    );
  });

  after(async () => {
    await pcscd?.stop();
    await bridge?.close();
  });

  for (const protocol of ['T=0', 'T=1'] as const) {
    it(`opensc-tool SELECTs the purse and GETs the BALANCE 00 00 1C 37 with 90 00 (${protocol})`, () =>
      pcscd!.check(async () => {
        const run = await openscSend(pcscd!.env, SLOTS[protocol], ['00 A4 04 00 09 A0 00 00 00 03 86 98 07 01', '80 5C 00 02 04']);
        expect(run.code, describeRun('opensc-tool', run)).to.equal(0);
        // Under T=0 the SELECT's FCI waits behind 61 14; opensc-tool sends it as case 3, has no room for
        // data and reports 90 00 without GET RESPONSE (OpenSC 0.23); another version may show the 61 14.
        expect(run.text, describeRun('opensc-tool', run)).to.match(/Sending: 00 A4 04 00 09 A0 00 00 00 03 86 98 07 01 Received \(SW1=0x(90, SW2=0x00|61, SW2=0x..)\)/);
        expect(run.text).to.include('Sending: 80 5C 00 02 04 Received (SW1=0x90, SW2=0x00): 00 00 1C 37');
      }));
  }

  it('pcscd runs each card in the protocol its ATR offers: T=0 in slot 0, T=1 (3B 89 81 31 FE 45 …) in slot 1', () =>
    pcscd!.check(async () => {
      const run = await openscSend(pcscd!.env, SLOTS['T=1'], ['80 5C 00 02 04']);
      expect(run.text, describeRun('opensc-tool', run)).to.include('Received (SW1=0x90, SW2=0x00): 00 00 1C 37');
      // pcsc-lite logs the protocol of every SCardTransmit (winscard.c SCardTransmit "Send Protocol").
      expect(pcscd!.log).to.match(/Send Protocol: T=0/).and.to.match(/Send Protocol: T=1/);
      const listing = await runProgram('opensc-tool', ['-l'], { env: pcscd!.env });
      const atr = await runProgram('opensc-tool', ['-r', String(openscReaderIndex(listing.stdout, SLOTS['T=1'])), '-a'], { env: pcscd!.env });
      expect(atr.stdout, describeRun('opensc-tool -a', atr)).to.match(/3b:89:81:31:fe:45/i);
    }));
});
