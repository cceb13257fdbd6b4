import type { Command } from 'commander';
import { toHex } from '../../src/core/hex.ts';
import { newSeed } from '../../src/core/random.ts';
import { CARD_TYPES } from '../../src/cards/card-type.ts';
import * as sle4442 from '../../src/cards/sle4442/driver.ts';
import { LastAttemptError, Sle4442WriteError } from '../../src/cards/sle4442/errors.ts';
import { sle4442Definition } from '../../simulators/cards/sle4442/index.ts';
import { CARD_SUITE_NAME, emulatorBindings } from '../../conformance/cards/suite.ts';
import { runSuite } from '../../conformance/framework/runner.ts';
import { overallVerdict } from '../../conformance/framework/report.ts';
import { renderConsoleLine } from '../../conformance/framework/reporters/console.ts';
import { TOOL } from '../tool.ts';
import type { CliIo } from '../io.ts';
import type { EmulatedCard } from '../../simulators/cards/common/emulated-card.ts';
import { printCounts, readerCertification, readerStory } from './demo-reader.ts';
import { purchaseRecord, readPurchaseRecord, RECORD_ADDRESS } from './demo-record.ts';
import { bossStory } from './demo-boss.ts';
import { seedOption } from './number-option.ts';

/** Property sequences per card in the demo's conformance run, so the demo stays short. */
const DEMO_PROPERTY_RUNS = 100;

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('a short scenario on emulated cards and the emulated USB reader, the card and reader conformance suites, then bank collection through the BOSS bank interface and its suite')
    .option('--seed <n>', 'seed of the conformance run', seedOption)
    .action(async (options: { seed?: number }) => {
      const seed = options.seed ?? newSeed();
      const { card, transportPsc } = await prepaidCardStory(io);
      const cards = await conformanceRun(io, seed);
      await readerStory(io, card, transportPsc);
      const reader = await readerCertification(io, seed);
      const boss = await bossStory(io, seed);
      io.exitCode = Math.max(cards, reader, boss);
    });
}

async function prepaidCardStory(io: CliIo): Promise<{ card: EmulatedCard; transportPsc: Uint8Array }> {
  const say = (text: string): void => io.out(`${text}\n`);
  const transportPsc = Uint8Array.of(0xff, 0xff, 0xff);
  const card = sle4442Definition.create({ secret: transportPsc, timing: true });

  say('stbpay demo — a prepaid-electricity card (SLE4442) on emulated silicon\n');
  say(`1. A blank card is inserted and powered: ATR ${toHex(await card.powerOn())}`);
  say(`   header 00..0F: ${toHex(await sle4442.readMain(card, 0, 16))}`);

  let status = await sle4442.presentPsc(card, Uint8Array.of(0x12, 0x34, 0x56));
  say(`2. A wrong PSC 12 34 56: verified ${status.verified}, error counter ${ec(status.errorCounter)}, ${status.attemptsLeft} attempts left`);

  status = await sle4442.presentPsc(card, transportPsc);
  say(`3. The transport PSC ${toHex(transportPsc)}: verified ${status.verified}, counter ${ec(status.errorCounter)}, ${status.attemptsLeft} attempts left`);

  const record = purchaseRecord({ meterNumber: 31_4159_2653, purchaseCount: 1, amountFen: 20_000 });
  await sle4442.updateMain(card, RECORD_ADDRESS, record);
  say(`4. Purchase of 200.00 yuan (20000 fen) written at 0x${RECORD_ADDRESS.toString(16).toUpperCase()}: ${toHex(record)}`);

  await card.powerOff();
  await card.powerOn();
  const back = readPurchaseRecord(await sle4442.readMain(card, RECORD_ADDRESS, record.length));
  say(`5. Power cycled; the record reads back: meter ${back.meterNumber}, purchase #${back.purchaseCount}, ${back.amountFen} fen`);
  try {
    await sle4442.updateMain(card, RECORD_ADDRESS, purchaseRecord({ ...back, amountFen: 99_999_999 }));
    say('   a write without the PSC went through — this must not happen');
  } catch (error) {
    if (!(error instanceof Sle4442WriteError)) throw error;
    say(`   without the PSC in this session a write is refused by the chip: ${error.message}`);
  }

  await sle4442.presentPsc(card, Uint8Array.of(0, 0, 1));
  status = await sle4442.presentPsc(card, Uint8Array.of(0, 0, 2));
  say(`6. Two more wrong PSCs: counter ${ec(status.errorCounter)}, ${status.attemptsLeft} attempt left`);
  try {
    await sle4442.presentPsc(card, Uint8Array.of(0, 0, 3));
  } catch (error) {
    if (!(error instanceof LastAttemptError)) throw error;
    say(`   the driver refuses to risk the last attempt: ${error.message}`);
  }
  status = await sle4442.presentPsc(card, transportPsc, { insist: true });
  say(`   with insist and the right PSC: verified ${status.verified}, ${status.attemptsLeft} attempts left`);
  await card.powerOff();
  say(`\n   the card now (rows of erased FF bytes left out):\n${indent(withoutErasedRows(card.dump()))}\n`);
  return { card, transportPsc };
}

async function conformanceRun(io: CliIo, seed: number): Promise<number> {
  io.out(`7. The card conformance suite on all ${CARD_TYPES.length} emulators (seed ${seed}):\n`);
  const bindings = emulatorBindings(CARD_TYPES);
  const report = await runSuite(bindings, {
    suite: CARD_SUITE_NAME,
    seed,
    tool: TOOL,
    replay: `npx stbpay conform cards --seed ${seed} --property-runs ${DEMO_PROPERTY_RUNS}`,
    propertyRuns: DEMO_PROPERTY_RUNS,
    onResult: (result) => {
      if (result.verdict === 'fail' || result.verdict === 'inconclusive') io.out(`${renderConsoleLine(result)}\n`);
    },
  });
  printCounts(io, report, bindings.map((binding) => [binding.identity.name, binding.target.type]));
  const verdict = overallVerdict(report);
  io.out(`   verdict ${verdict.toUpperCase()}; full report: npx stbpay conform cards --seed ${seed} --report md --out certificate.md\n`);
  return verdict === 'pass' ? 0 : 1;
}

function ec(counter: number): string {
  return `${counter.toString(2).padStart(3, '0')}b`;
}

function withoutErasedRows(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^[0-9A-F]{4}: (FF[ *]?)+$/.test(line.trim()))
    .join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}
