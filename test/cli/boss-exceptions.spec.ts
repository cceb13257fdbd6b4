import Database from 'better-sqlite3';
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captureIo } from '../../bin/io.ts';
import { serveConfig, startBossServe, type RunningBossServe } from '../../bin/commands/boss-serve.ts';
import type { ReconException } from '../../src/boss/batch/ledger.ts';
import { reconcileFile } from '../../src/boss/batch/reconcile/run.ts';
import { defaultProfile } from '../../src/boss/profile/load.ts';
import { openSqliteStore } from '../../src/boss/store/sqlite/index.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { createRandom } from '../../src/core/random.ts';
import { BankEmulator, BankFtp, deliverFile, runBankDay } from '../../simulators/bank/index.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { stbpay } from './run.ts';

const profile = defaultProfile();
const DATE = '20261123';
/** 2026-11-23 10:00 at +08:00: the BOSS's and the bank's clock, so DATE is today for both. */
const NOON_ISH = Date.UTC(2026, 10, 23, 2, 0, 0);

async function until(what: string, condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function count(db: string, sql: string): number {
  const raw = new Database(db, { readonly: true });
  try {
    return Number(Object.values(raw.prepare(sql).get() as Record<string, number>)[0]);
  } finally {
    raw.close();
  }
}

describe('stbpay boss exceptions: a bank day end to end [bank-interface §4, §7]', function () {
  this.timeout(60_000);

  let dir: string;
  let db: string;
  let ftpRoot: string;
  let logDir: string;
  let running: RunningBossServe | undefined;

  beforeEach(async () => {
    dir = await tempDir('boss-day');
    db = join(dir, 'boss.db');
    ftpRoot = join(dir, 'ftp');
    logDir = join(dir, 'logs');
    expect((await stbpay('boss', 'seed', '--db', db)).code).to.equal(0);
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const cli = (...args: string[]) => stbpay(...args, '--db', db, '--log-dir', logDir);

  it('YH posted once though sent twice, XJMX reconciled, the lost payment made up by a decision, then matched', async () => {
    const clock = new VirtualClock(NOON_ISH);
    const io = captureIo();
    running = await startBossServe(serveConfig({ db, port: 0, logDir, ftp: 0, ftpRoot }), io, clock);
    const ftpPort = Number(/ftp on 127\.0\.0\.1:(\d+)\n/.exec(io.stdout)?.[1]);
    expect(ftpPort).to.equal(running.batch?.ftp.port);
    // a home for every bank with an FTP account in the ledger
    expect((await readdir(ftpRoot)).sort()).to.deep.equal(['ABC01', 'CCB01', 'ICBC01']);
    const inDir = join(ftpRoot, 'ICBC01', 'in');

    const dk = await cli('boss', 'dk', '--bank', 'ICBC01', '--date', DATE, '--ftp-root', ftpRoot);
    expect(dk.code, dk.err).to.equal(0);
    expect(dk.out).to.match(/^DK20261123\.TXT written for ICBC01: 50 lines, \d+ fen/);

    const bank = new BankEmulator({ bankcode: 'ICBC01', port: running.server.port, profile, clock, random: createRandom(7), date: DATE });
    const ftp = await BankFtp.connect({ host: '127.0.0.1', port: ftpPort, user: 'icbc01', password: 'icbc01' }, profile);
    try {
      const day = await runBankDay(bank, ftp, { payments: 6, lose: 1, batch: ftp, customers: ['C00012345', 'C00020001', 'C00020002', 'C00020003', 'C00020005', 'C00020006'] });
      expect(day.files.map((f) => f.name)).to.deep.equal(['YH20261123.TXT', 'DKMX20261123.TXT', 'XJMX20261123.TXT']);
      await until('the three files to be taken', async () => (await readdir(inDir)).length === 0);
      await running.batch?.idle();

      // the same YH once more: recognised, not posted again
      await deliverFile(ftp, profile, day.files[0]!);
      await until('the second YH to be taken', async () => (await readdir(inDir)).length === 0);
      await running.batch?.idle();
      const debits = bank.books.withholdingDebits(DATE).length;
      expect(debits).to.be.greaterThan(40);
      expect(count(db, `SELECT count(*) FROM payments WHERE channel = 'withholding'`)).to.equal(debits);
      expect(count(db, 'SELECT count(*) FROM withholding_postings')).to.equal(debits);
      expect(await readdir(join(dir, 'archive', 'ICBC01', 'duplicate'))).to.have.length(1);
      expect((await readdir(join(dir, 'reports', 'ICBC01'))).map((name) => name.slice(0, 13)).sort()).to.deep.equal(['DKMX20261123-', 'XJMX20261123-']);

      // the lost payment is the only exception: bank-only (长款), open
      const lost = day.lost[0]!.request;
      const listed = await cli('boss', 'exceptions', 'list', '--bank', 'ICBC01', '--date', DATE, '--json');
      expect(listed.code, listed.err).to.equal(0);
      const exceptions = JSON.parse(listed.out) as ReconException[];
      expect(exceptions.map((e) => [e.kind, e.category, e.status, e.bankSerial, e.bank?.custno, e.bank?.amount])).to.deep.equal([
        ['cash', 'bankOnly', 'open', lost.header.BANKSERIAL, lost.fields.CUSTNO, Number(lost.fields.AMOUNT)],
      ]);
      const id = exceptions[0]!.id;

      // the bank's cash total does not match yet (2001 RESULT 1); its withholding total does
      const before = await bank.cashTotal({ chkDate: DATE });
      expect(before.answer.fields.RESULT).to.equal('1');
      expect((await bank.withholdingTotal({ chkDate: DATE })).answer.fields.RESULT).to.equal('0');

      const decided = await cli('boss', 'exceptions', 'resolve', id, '--action', 'makeup', '--by', 'op7', '--reason', 'bank slip seen');
      expect(decided.code, decided.err).to.equal(0);
      expect(decided.out).to.match(new RegExp(`^exception ${id} resolved: makeup by op7 at .*, B20261123\\d{8} \\(bank slip seen\\)\\n$`));
      const again = await cli('boss', 'exceptions', 'resolve', id, '--action', 'accept', '--by', 'op8', '--reason', 'twice');
      expect([again.code, again.err]).to.deep.equal([2, `stbpay: refused (notOpen): exception ${id}: already resolved (makeup by op7)\n`]);

      // the second reconciliation: the total matches (2001 RESULT 0), and the bank's detail file matches line for line
      const after = await bank.cashTotal({ chkDate: DATE });
      expect(after.answer.fields).to.deep.include({ RESULT: '0', BOSSCOUNT: before.request.fields.COUNT, BOSSTOTAL: before.request.fields.TOTAL });
      const xjmx = day.files[2]!;
      const store = openSqliteStore(db);
      try {
        const detail = await reconcileFile({ profile, ledger: store.batchLedger(), bankcode: 'ICBC01', layout: 'XJMX', kind: 'cash', date: DATE, fileName: xjmx.name, sha256: 'f'.repeat(64), bytes: xjmx.bytes, reportsDir: join(dir, 'reports'), clock });
        expect(detail.totals.matched.count).to.equal(Number(before.request.fields.COUNT));
        expect([detail.totals.bankOnly.count, detail.totals.bossOnly.count, detail.totals.differs.count]).to.deep.equal([0, 0, 0]);
      } finally {
        await store.close();
      }
      const resolved = JSON.parse((await cli('boss', 'exceptions', 'list', '--status', 'resolved', '--json')).out) as ReconException[];
      expect(resolved.map((e) => [e.id, e.decision?.action, e.decision?.by, e.decision?.reason])).to.deep.equal([[id, 'makeup', 'op7', 'bank slip seen']]);
      expect(resolved[0]!.decisionSerial).to.match(/^B20261123\d{8}$/);
    } finally {
      ftp.close();
    }
    await running.stop();
    running = undefined;
    expect(io.stdout).to.match(/ftp on 127\.0\.0\.1:\d+\n/);

    const events = (await jsonLines(join(logDir, 'batch.log'))).map((l) => l.event);
    expect(events.filter((e) => typeof e === 'string' && /^(file|exception)\./.test(e)).sort()).to.deep.equal(
      ['file.written', 'file.posted', 'file.reconciled', 'file.reconciled', 'file.duplicate', 'exception.resolved', 'exception.refused'].sort(),
    );
    expect(events).to.include.members(['ftp.listening', 'ftp.login', 'ftp.stopped']);
  });
});
