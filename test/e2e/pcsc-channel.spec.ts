import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { connectToVpcd } from '../../simulators/reader/vpcd/connector.ts';
import { vpcdReaderConf, type VpcdBridge } from '../../simulators/reader/vpcd/bridge.ts';
import { ProgrammableReader, ProgrammableSlot } from '../reader/vpcd/support/programmable-slot.ts';
import { freePortPair } from './support/free-ports.ts';
import { PrivatePcscd } from './support/private-pcscd.ts';
import { E2E_REQUIREMENTS, requireTools } from './support/tools.ts';

// PcscChannel (src/reader/pcsc) against the real pcscd + vpcd, with a programmable card behind the
// vpcd bridge: its ATR ends in the number of its power-ups, so each ATR tells which power-up it
// came from and a reset can be seen to have happened.

const READER_LABEL = 'stbpay channel test';
/** pcscd appends the slot to FRIENDLYNAME; vpcd offers two slots, our card is in the first. */
const READER = `${READER_LABEL} 00 00`;

const atrOfPowerUp = (n: number): Uint8Array => Uint8Array.of(0x3b, 0x04, 0xa2, 0x13, 0x10, n & 0xff);
/** Answers any command with its P1 P2 and 90 00, so the test sees its own command came through. */
const echoP1P2 = (apdu: Uint8Array): Uint8Array => Uint8Array.from([apdu[2]!, apdu[3]!, 0x90, 0x00]);

interface ClientResult {
  atr?: string;
  protocol?: number;
  responses?: string[];
  error?: string;
}

/**
 * Runs support/pcsc-client.ts against the private pcscd. `onOpening` runs when the client is about
 * to call PcscChannel.open.
 */
function runClient(pcscd: PrivatePcscd, args: readonly string[], onOpening: () => Promise<void> = async () => undefined): Promise<ClientResult & { output: string }> {
  const script = new URL('./support/pcsc-client.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: pcscd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let opening: Promise<void> | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!opening && stderr.includes('opening\n')) opening = onOpening();
    });
    child.once('error', reject);
    child.once('close', async () => {
      clearTimeout(timer);
      try {
        await opening;
        const output = `--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        resolve({ ...(JSON.parse(stdout || '{}') as ClientResult), output });
      } catch (error) {
        reject(error);
      }
    });
  });
}

describe('e2e: PcscChannel through pcscd + vpcd (src/reader/pcsc)', function () {
  this.timeout(40_000);
  let pcscd: PrivatePcscd | undefined;
  let bridge: VpcdBridge | undefined;
  let launched: Promise<void> | undefined;
  const slot = new ProgrammableSlot(0, atrOfPowerUp, echoP1P2);
  const emulator = new ProgrammableReader([slot]);

  /** pcscd is started by the first test, while its client waits; the others start it if need be. */
  function launchPcscd(): Promise<void> {
    launched ??= pcscd!.launch();
    return launched;
  }

  before(async function () {
    this.timeout(20_000);
    await requireTools(E2E_REQUIREMENTS.pcscd, E2E_REQUIREMENTS.vpcd);
    emulator.insert(0);
    bridge = connectToVpcd(emulator, { host: '127.0.0.1', port: await freePortPair(), retryMs: 100, log: () => undefined });
    pcscd = await PrivatePcscd.prepare({ stbpay: vpcdReaderConf(bridge, READER_LABEL) });
  });

  after(async () => {
    try {
      await pcscd?.stop();
    } finally {
      await bridge?.close();
    }
  });

  it('open() waits for pcscd and the reader to come up after it was called, up to timeoutMs', () =>
    pcscd!.check(async () => {
      // pcscd (and with it the reader, which pcscd announces from its reader.conf at start-up) comes
      // a second after the client began to wait: the client must neither fail at once ("pcscd is
      // not running") nor give up at the first quiet moment of PC/SC.
      const result = await runClient(pcscd!, ['--no-list', '--timeout-ms=15000', READER, 'FF B0 00 12 01'], async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await launchPcscd();
      });
      expect(result.error, result.output).to.equal(undefined);
      expect(result.atr).to.match(/^3B 04 A2 13 10 [0-9A-F]{2}$/);
      expect(result.protocol, 'T=0 (SCARD_PROTOCOL_T0), as 3B 04 announces').to.equal(1);
      expect(result.responses).to.deep.equal(['00 12 90 00']);
    }));

  it('open() still fails after timeoutMs for a reader that never comes, naming the readers there are', () =>
    pcscd!.check(async () => {
      await launchPcscd();
      const started = Date.now();
      const result = await runClient(pcscd!, ['--timeout-ms=1500', 'no such reader 00 00']);
      expect(result.error, result.output).to.match(/^ReaderTimeoutError: no card in reader "no such reader 00 00" within \d+ ms \(PC\/SC readers: .*"stbpay channel test 00 00" \(card\)/);
      expect(Date.now() - started).to.be.at.least(1500);
    }));

  it('reconnect("unpower") and reconnect("reset") power the card again and return the new ATR', () =>
    pcscd!.check(async () => {
      await launchPcscd();
      const result = await runClient(pcscd!, [READER, 'FF B0 00 01 01', 'reconnect:unpower', 'reconnect:reset', 'FF B0 00 02 01']);
      expect(result.error, result.output).to.equal(undefined);
      const [before, afterUnpower, afterReset, after] = result.responses ?? [];
      expect(before).to.equal('00 01 90 00');
      expect(after, 'the channel works after the reconnects').to.equal('00 02 90 00');
      const powerUp = (atr: string | undefined): number => parseInt((atr ?? '').split(' ').at(-1) ?? '', 16);
      expect(afterUnpower).to.match(/^ATR 3B 04 A2 13 10 [0-9A-F]{2}$/);
      expect(afterReset).to.match(/^ATR 3B 04 A2 13 10 [0-9A-F]{2}$/);
      // Each reconnect is a new power-up (vpcd: 00 then 01 for unpower, 02 for reset, a power cycle
      // in the bridge) and reports that power-up's ATR, not the one from the connect.
      expect(powerUp(afterUnpower), `${result.atr} then ${afterUnpower}`).to.be.greaterThan(powerUp(`ATR ${result.atr}`));
      expect(powerUp(afterReset), `${afterUnpower} then ${afterReset}`).to.be.greaterThan(powerUp(afterUnpower));
      expect(slot.powerOns).to.be.at.least(powerUp(afterReset));
    }));
});
