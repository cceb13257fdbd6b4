import { toHex } from '../../src/core/hex.ts';
import { CARD_TYPES } from '../../src/cards/card-type.ts';
import { CcidReader } from '../../src/reader/reader.ts';
import { WebUsbCcidPort } from '../../src/reader/transport/webusb-port.ts';
import * as sle4442 from '../../src/reader/memory/sle4442.ts';
import { LastAttemptRefusedError } from '../../src/reader/memory/code-guard.ts';
import type { EmulatedCard } from '../../simulators/cards/common/emulated-card.ts';
import { ReaderEmulator } from '../../simulators/reader/reader-emulator.ts';
import { emulatedUsbDevice } from '../../simulators/reader/webusb-device.ts';
import { runSuite } from '../../conformance/framework/runner.ts';
import { overallVerdict, type SuiteReport } from '../../conformance/framework/report.ts';
import { renderConsoleLine } from '../../conformance/framework/reporters/console.ts';
import { simBinding } from '../../conformance/reader/bindings/sim.ts';
import { READER_SUITE_NAME } from '../../conformance/reader/suite.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';
import { readPurchaseRecord, RECORD_ADDRESS, RECORD_LENGTH } from './demo-record.ts';

/**
 * The demo's card goes into an emulated ACR39U and the set-top box's side reads it as it would in
 * the field: the host CcidReader over a WebUSB device, ACS pseudo-APDUs, the last-attempt guard.
 */
export async function readerStory(io: CliIo, card: EmulatedCard, transportPsc: Uint8Array): Promise<void> {
  const say = (text: string): void => io.out(`${text}\n`);
  const emulator = new ReaderEmulator();
  const reader = await CcidReader.open(await WebUsbCcidPort.open(emulatedUsbDevice(emulator)));
  try {
    say(`8. The card goes into an emulated ${emulator.profile.label}, driven over USB CCID (WebUSB) by the host driver:`);
    emulator.insert(0, card);
    await reader.waitForCard(0, { timeoutMs: 2000 });
    say(`   card detected; power on: ATR ${toHex(await reader.powerOn(0))} (3B 04 + the chip's four bytes)`);
    const channel = reader.channel(0);
    await sle4442.selectSle4442(channel);
    const record = readPurchaseRecord(await sle4442.readMain(channel, RECORD_ADDRESS, RECORD_LENGTH));
    say(`   FF B0 reads the purchase record: meter ${record.meterNumber}, purchase #${record.purchaseCount}, ${record.amountFen} fen`);
    for (const wrong of [Uint8Array.of(0, 0, 1), Uint8Array.of(0, 0, 2)]) {
      await sle4442.presentPsc(channel, wrong).catch(() => undefined);
    }
    const counter = await sle4442.readErrorCounter(channel);
    say(`   two wrong PSCs through FF 20: ${counter.attemptsLeft} attempt left`);
    try {
      await sle4442.presentPsc(channel, Uint8Array.of(0, 0, 3));
    } catch (error) {
      if (!(error instanceof LastAttemptRefusedError)) throw error;
      say(`   the host refuses the last attempt and sends nothing: ${error.message}`);
    }
    say(`   with insist and the right PSC: ${await sle4442.presentPsc(channel, transportPsc, { insist: true })} attempts left`);
    await reader.powerOff(0);
  } finally {
    await reader.close();
  }
}

/** The reader certification suite on the reader emulator, one run per card type. */
export async function readerCertification(io: CliIo, seed: number): Promise<number> {
  io.out(`9. The reader certification suite on the emulated reader, with each card type (seed ${seed}):\n`);
  const bindings = CARD_TYPES.map((cardType) => simBinding({ cardType }));
  const report = await runSuite(bindings, {
    suite: READER_SUITE_NAME,
    seed,
    tool: TOOL,
    replay: `npx stbpay certify --target sim --seed ${seed}`,
    onResult: (result) => {
      if (result.verdict === 'fail' || result.verdict === 'inconclusive') io.out(`${renderConsoleLine(result)}\n`);
    },
  });
  printCounts(io, report, bindings.map((b, i) => [b.identity.name, CARD_TYPES[i]!]));
  const verdict = overallVerdict(report);
  io.out(`   verdict ${verdict.toUpperCase()}; certificate: npx stbpay certify --target sim --seed ${seed} --out-dir certificate/\n`);
  return verdict === 'pass' ? 0 : 1;
}

/** One line per target: how many cases ran and their verdicts. */
export function printCounts(io: CliIo, report: SuiteReport, targets: readonly (readonly [name: string, label: string])[]): void {
  for (const [name, label] of targets) {
    const results = report.results.filter((r) => r.target === name);
    const count = (v: string): number => results.filter((r) => r.verdict === v).length;
    io.out(`   ${label.padEnd(11)} ${String(results.length).padStart(3)} cases: ${count('pass')} pass, ${count('fail')} fail, ${count('not-applicable')} not applicable\n`);
  }
}
