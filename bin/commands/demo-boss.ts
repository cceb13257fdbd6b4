import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../src/core/clock.ts';
import { bytesEqual } from '../../src/core/hex.ts';
import { createRandom } from '../../src/core/random.ts';
import { processInbox } from '../../src/boss/batch/process-inbox.ts';
import { ExceptionsService } from '../../src/boss/batch/exceptions.ts';
import { readableText } from '../../src/boss/codec/readable.ts';
import { DEFAULT_BOSS_CONFIG } from '../../src/boss/config/index.ts';
import { createBankHome } from '../../src/boss/ftp/bank-homes.ts';
import { seedDemo } from '../../src/boss/seed.ts';
import { openSqliteStore } from '../../src/boss/store/sqlite/index.ts';
import { BankEmulator, type BankTransaction } from '../../simulators/bank/index.ts';
import { runBankDay } from '../../simulators/bank/day.ts';
import { directoryDrop } from '../../simulators/bank/file-drop.ts';
import { bossBinding, createBossTarget } from '../../conformance/boss/target.ts';
import { DEMO_TARGET_DATA } from '../../conformance/boss/target-data.ts';
import { BOSS_SUITE_NAME, bossCases } from '../../conformance/boss/suite.ts';
import { runSuite } from '../../conformance/framework/runner.ts';
import { renderConsoleSummary } from '../../conformance/framework/reporters/console.ts';
import { TOOL } from '../tool.ts';
import { captureIo, type CliIo } from '../io.ts';
import { startBossServe, type RunningBossServe } from './boss-serve.ts';
import { conforms } from './conform-boss.ts';

/** The §8 examples were made at 10:15 on 2026-11-23 in Beijing (+08:00). [bank-interface §8] */
const EXAMPLE_MORNING = Date.UTC(2026, 10, 23, 2, 15, 0);

/**
 * The cable-TV operator's bank collection, end to end on loopback: our BOSS bank interface on a
 * freshly seeded ledger, the emulated bank front-end sending the spec's example frames, a retry,
 * a reused serial, a day's cash detail file with one payment the BOSS never saw, the exception
 * and its make-up; then the conformance suite against a second fresh BOSS. Returns the exit code:
 * 0 only when every step went as the spec says.
 */
export async function bossStory(io: CliIo, seed: number): Promise<number> {
  const say = (text: string): void => io.out(`${text}\n`);
  const dir = await mkdtemp(join(tmpdir(), 'stbpay-demo-boss-'));
  const db = join(dir, 'boss.db');
  const running = await freshBoss(db, join(dir, 'logs'));
  const { port } = running.server;
  const clock = new VirtualClock(EXAMPLE_MORNING);
  const bank = new BankEmulator({ bankcode: 'ICBC01', port, clock, random: createRandom(seed) });
  let asSpecified = true;
  try {
    say(`\n10. The BOSS bank interface (profile boss-bank/1) on a freshly seeded SQLite ledger, 127.0.0.1:${port};`);
    say('    an emulated ICBC front-end sends the spec\'s example frames (§8):');
    const query = await bank.queryArrears('C00012345');
    say(`    → ${readableText(query.requestFrame)}\n    ← ${readableText(query.answerFrame)}`);
    clock.advance(12_000);
    const payment = await bank.pay('C00012345', 4500);
    say(`    → ${readableText(payment.requestFrame)}\n    ← ${readableText(payment.answerFrame)}`);
    const retry = await bank.send(payment.request);
    const same = bytesEqual(retry.answerFrame, payment.answerFrame);
    say(`    the same payment again (a bank retry): ${same ? 'the original answer, byte for byte, nothing posted twice' : 'A DIFFERENT ANSWER'}`);
    const refused = reusedSerialRefused(await bank.send({ ...payment.request, fields: { ...payment.request.fields, AMOUNT: '4600' } }), say);
    asSpecified = same && refused;
    const invoice = await bank.requestInvoice(payment.bossSerial);
    say(`    invoice for ${payment.bossSerial}: ${invoice.answer.fields.INVOICENO ?? invoice.respCode}, ${(invoice.answer.groups.ITEMS ?? []).map((item) => `${item.ITEM} ${item.AMOUNT}`).join(', ')}`);

    say('\n11. The day\'s cash detail file: three more counter payments, one of them lost on the way');
    const home = await createBankHome(join(dir, 'ftp'), 'ICBC01');
    const day = await runBankDay(bank, directoryDrop(home.home), { payments: 3, lose: 1 });
    say(`    the bank delivers ${day.files.map((f) => f.name).join(', ')} with its .OK flag into in/`);
    const store = openSqliteStore(db);
    try {
      const ledger = store.batchLedger();
      const pass = await processInbox(home, { profile: bank.profile, ledger, reportsDir: join(dir, 'reports'), archiveDir: join(dir, 'archive') });
      for (const file of pass.files) {
        if (file.status === 'reconciled') say(`    BOSS reconciles ${file.name}: matched ${file.totals.matched.count}, bank-only ${file.totals.bankOnly.count}, BOSS-only ${file.totals.bossOnly.count}, differs ${file.totals.differs.count}`);
        else if (file.status === 'rejected') say(`    BOSS rejects ${file.name}: ${file.reason}, line ${file.line} ${file.field}: ${file.message}`);
        else say(`    BOSS: ${file.name} ${file.status}`);
      }
      const before = await bank.cashTotal();
      say(`    2001 cash total with the bank's books: RESULT ${before.answer.fields.RESULT ?? before.respCode} (BOSS ${before.answer.fields.BOSSCOUNT} payments, ${before.answer.fields.BOSSTOTAL} fen)`);
      const exceptions = new ExceptionsService({ ledger });
      for (const open of await ledger.listExceptions({ status: 'open' })) {
        const resolved = await exceptions.resolve({ id: open.id, action: 'makeup', by: 'demo operator', reason: 'bank debit confirmed by phone' });
        say(`    exception ${resolved.id} (${resolved.category}, ${resolved.bankSerial}) resolved by a make-up: ${resolved.decisionSerial ?? ''}`);
      }
    } finally {
      await store.close();
    }
    const after = await bank.cashTotal();
    say(`    2001 again: RESULT ${after.answer.fields.RESULT ?? after.respCode} (BOSS ${after.answer.fields.BOSSCOUNT} payments, ${after.answer.fields.BOSSTOTAL} fen)`);

    // The story has reconciled today's cash total, which closes today to deletes: the suite gets a fresh ledger.
    say(`\n12. The BOSS conformance suite against another freshly seeded BOSS (seed ${seed}):`);
    const second = await freshBoss(join(dir, 'conformance.db'), join(dir, 'conformance-logs'));
    const target = createBossTarget({ host: '127.0.0.1', port: second.server.port, profile: bank.profile, data: DEMO_TARGET_DATA, seed });
    const report = await runSuite([bossBinding(target, bossCases())], { suite: BOSS_SUITE_NAME, seed, tool: TOOL, replay: `npx stbpay conform boss --target HOST:PORT --seed ${seed}` }).finally(() => second.stop());
    say(renderConsoleSummary(report));
    return asSpecified && conforms(report) && after.answer.fields.RESULT === '0' ? 0 : 1;
  } finally {
    await bank.close();
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `boss seed` then `boss serve` on port 0, in this process; the BOSS's own lines are not part of the story. */
async function freshBoss(db: string, logDir: string): Promise<RunningBossServe> {
  const store = openSqliteStore(db);
  await seedDemo(store);
  await store.close();
  return startBossServe({ ...DEFAULT_BOSS_CONFIG, db, port: 0, logDir }, captureIo());
}

/** §5: the same key with another body is answered 1005 and changes nothing. */
function reusedSerialRefused(reused: BankTransaction, say: (text: string) => void): boolean {
  say(`    the same serial with another amount: ${reused.respCode} (${reused.answer.header.RESPMSG ?? ''})`);
  return reused.respCode === '1005';
}
