import { expect } from 'chai';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { seedDemo } from '../../../src/boss/seed.ts';
import { openSqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { createRandom, type Random } from '../../../src/core/random.ts';
import { runLoad } from '../../../simulators/bank/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { exactlyOnceProblems } from './support/exactly-once.ts';
import { readLedger } from './support/ledger.ts';
import { expectNoProblems } from './support/problems.ts';
import { resendUnanswered } from './support/resend.ts';
import { runSeed, withSeed } from './support/run-seed.ts';
import { killLeftoverServers, ServeProcess } from './support/serve-process.ts';
import { loadRequests, type SentRequest } from './support/sent.ts';
import { runSide, type Original } from './support/side-driver.ts';

const SPEC = 'test/boss/reliability/kill.spec.ts';
const profile = defaultProfile();
/** SIGKILLs, each followed by a restart on the same file; then one more life that ends with SIGTERM. */
const KILLS = 4;
const DATE = '20261123';
/** TXTIME stands still, so the frame of any request runLoad reports can be rebuilt byte for byte. */
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15, 0));
const TELLER = 'LOAD';

interface Life {
  readonly sent: SentRequest[];
  readonly committed: number;
  readonly unanswered: number;
}

/** One life of `boss serve`: load (1002/1005/1006 on 6 connections) and side requests, ended by SIGKILL or SIGTERM. */
async function live(round: number, db: string, logDir: string, random: Random, originals: Original[], end: 'kill' | 'stop'): Promise<Life> {
  const { serve, port } = await ServeProcess.start({ db, logDir });
  const abort = new AbortController();
  const load = runLoad({
    port,
    profile,
    connections: 6,
    requests: 1_000_000,
    mix: { '1002': 6, '1005': 2, '1006': 2 },
    seed: random.int(0, 0x7fffffff),
    clock,
    date: DATE,
    teller: TELLER,
    serialPrefix: `K${round}`,
    timeoutMs: 5000,
    reconnectDelayMs: 20,
    signal: abort.signal,
  });
  const side = runSide({ port, profile, clock, date: DATE, random: random.fork(), serialPrefix: `S${round}`, originals, connections: 2, maxRequests: 60, origin: `side, life ${round}`, signal: abort.signal });
  // [§5 "a crash at any instant"]: a moment drawn from the seed, with requests in flight on every connection
  await sleep(random.int(150, 900));
  if (end === 'kill') await serve.kill();
  abort.abort();
  const [report, sideSent] = await Promise.all([load, side]);
  if (end === 'stop') await serve.stop();
  const loadSent = loadRequests(report, { profile, clock, teller: TELLER, date: DATE, origin: `load, life ${round}, seed ${report.seed}` });
  const sent = [...loadSent, ...sideSent];
  return { sent, committed: report.committed.length, unanswered: report.unanswered.length };
}

/** This life's 1002s, for later lives to delete or make up (after a crash), in a seeded order. */
function originalsOf(sent: readonly SentRequest[], random: Random): Original[] {
  const payments = sent.filter((r) => r.txcode === '1002' && r.origin.startsWith('load'));
  const originals = payments.map((request) => ({ request, committed: request.outcome.kind === 'answered' }));
  for (let i = originals.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [originals[i], originals[j]] = [originals[j]!, originals[i]!];
  }
  return originals;
}

describe('BOSS reliability: SIGKILL under load, restart, exactly once [bank-interface §5]', function () {
  this.timeout(120_000);
  after(killLeftoverServers);

  it(`${KILLS} SIGKILLs at seeded moments: every 0000 is in the ledger once, nothing else is, the books add up; re-sent unanswered requests get their original answer or a fresh one`, async () => {
    const seed = runSeed();
    await withSeed(seed, SPEC, async () => {
      const random = createRandom(seed);
      const dir = await tempDir('reliability-kill');
      const db = join(dir, 'boss.db');
      const logDir = join(dir, 'logs');
      const store = openSqliteStore(db);
      await seedDemo(store);
      await store.close();
      const seeded = await readLedger(db);
      expect(seeded.payments, 'the demo data holds no payment').to.deep.equal([]);

      const sent: SentRequest[] = [];
      const originals: Original[] = [];
      const lives: string[] = [];
      for (let round = 0; round <= KILLS; round++) {
        const life = await live(round, db, logDir, random, originals, round < KILLS ? 'kill' : 'stop');
        sent.push(...life.sent);
        originals.push(...originalsOf(life.sent, random));
        lives.push(`life ${round}: ${life.sent.length} recorded, ${life.committed} load 0000, ${life.unanswered} load unanswered`);
      }
      const summary = lives.join('; ');
      const unanswered = sent.filter((r) => r.outcome.kind === 'unanswered');
      expect(sent.filter((r) => r.outcome.kind === 'answered').length, summary).to.be.greaterThan(200);
      expect(unanswered.length, `a SIGKILL under load leaves requests unanswered; ${summary}`).to.be.greaterThan(0);
      for (const txcode of ['1002', '1005', '1006']) {
        expect(sent.some((r) => r.txcode === txcode && r.outcome.kind === 'answered' && r.outcome.respCode === '0000'), `some ${txcode} answered 0000; ${summary}`).to.equal(true);
      }

      // with the server stopped: the ledger against what the bank sent
      const afterCrashes = await readLedger(db, seeded.bills);
      expectNoProblems([...afterCrashes.bookProblems, ...exactlyOnceProblems(sent, afterCrashes)], `ledger after ${KILLS} SIGKILLs (${summary})`);

      // the bank's recovery: every unanswered request again, twice
      const { serve, port } = await ServeProcess.start({ db, logDir });
      const resendProblems = await resendUnanswered(sent, afterCrashes, port, profile);
      await serve.stop();
      expectNoProblems(resendProblems, `re-sending ${unanswered.length} unanswered requests`);
      expect(sent.filter((r) => r.outcome.kind === 'unanswered')).to.deep.equal([]);
      const afterResend = await readLedger(db, seeded.bills);
      expectNoProblems([...afterResend.bookProblems, ...exactlyOnceProblems(sent, afterResend)], `ledger after the re-sends (${summary})`);
    });
  });
});
