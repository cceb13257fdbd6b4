import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import type { WithholdingResult } from '../../../src/boss/batch/ledger.ts';
import { postResultsFile } from '../../../src/boss/batch/yh-posting.ts';
import { decodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { createBankHome } from '../../../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { seedDemo } from '../../../src/boss/seed.ts';
import { openSqliteStore, type BatchInfo, type SqliteStore } from '../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { yh } from './support/files.ts';

const DATE = '20261123';

/** The demo ledger's DK for ICBC01 on DATE, and a YH answering every line of it as debited (BANKSERIAL `W` + SEQ). */
async function debitedEverywhere(dir: string, store: SqliteStore) {
  await seedDemo(store);
  const profile = defaultProfile();
  const ledger = store.batchLedger();
  const bank = await createBankHome(join(dir, 'ftp'), 'ICBC01');
  const dk = await writeDkFile({ profile, ledger, bank, date: DATE });
  const dkLines = decodeDailyFile(profile, 'DK', await readFile(dk.path)).details;
  const bytes = yh(DATE, dkLines.map((d) => [Number(d.SEQ), d.CUSTNO ?? '', d.ACCTNO ?? '', Number(d.AMOUNT), '0', `W${d.SEQ}`] as const));
  return { profile, ledger, bank, dkLines, bytes };
}

describe('YH posting on the SQLite ledger shares commits between lines [bank-interface §7 YH, §5]', () => {
  it('posts every debited line once, in SEQ order, in a few durable commits rather than one per line', async () => {
    const dir = await tempDir('yh-commits');
    const batches: BatchInfo[] = [];
    const store = openSqliteStore(join(dir, 'boss.db'), { onBatch: (info) => batches.push(info) });
    try {
      const { profile, ledger, bank, dkLines, bytes } = await debitedEverywhere(dir, store);
      expect(dkLines.length, 'the demo DK has lines enough to tell one commit per line from shared commits').to.be.at.least(20);

      batches.length = 0;
      const summary = await postResultsFile({ profile, ledger, bank, fileName: `YH${DATE}.TXT`, date: DATE, bytes });
      expect(summary).to.include({ lines: dkLines.length, debited: dkLines.length, posted: dkLines.length, alreadyPosted: 0 });
      const durable = batches.filter((b) => b.durable);
      expect(durable.reduce((n, b) => n + b.committed, 0)).to.equal(dkLines.length);
      expect(durable.length, `${durable.length} durable commits for ${dkLines.length} lines`).to.be.at.most(Math.ceil(dkLines.length / 4));

      // posted in file order: the W serials ascend with SEQ
      const posted = await store.read((view) => Promise.all(dkLines.map((d) => view.paymentByBankSerial({ bankcode: 'ICBC01', txdate: DATE, bankSerial: `W${d.SEQ}` }))));
      const serials = posted.map((p) => p?.bossSerial ?? '');
      expect(serials.every((s) => s.startsWith('W'))).to.equal(true);
      expect([...serials].sort()).to.deep.equal(serials);

      const again = await postResultsFile({ profile, ledger, bank, fileName: `YH${DATE}.TXT`, date: DATE, bytes });
      expect(again).to.include({ posted: 0, alreadyPosted: dkLines.length });
    } finally {
      await store.close();
    }
  });

  it('a line the ledger fails fails the pass; the next pass posts the rest, and every debited line is posted exactly once', async () => {
    const dir = await tempDir('yh-commits');
    const store = openSqliteStore(join(dir, 'boss.db'));
    try {
      const { profile, ledger, bank, dkLines, bytes } = await debitedEverywhere(dir, store);
      // the ledger fails once, on the third line: the middle of a window
      let failed = false;
      const flaky = new Proxy(ledger, {
        get(target, property) {
          if (property === 'postWithholding') {
            return (line: WithholdingResult) => {
              if (line.seq === 3 && !failed) {
                failed = true;
                return Promise.reject(new Error('injected: the disk is full'));
              }
              return target.postWithholding(line);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const input = { profile, ledger: flaky, bank, fileName: `YH${DATE}.TXT`, date: DATE, bytes };
      const first = await postResultsFile(input).then(() => undefined, (error: unknown) => error);
      expect(first).to.be.instanceOf(Error).with.property('message', 'injected: the disk is full');
      const second = await postResultsFile(input);
      expect(second.posted + second.alreadyPosted).to.equal(dkLines.length);
      expect(second.posted, 'the failed line at least is posted by the second pass').to.be.at.least(1);
      const entries: string[] = [];
      for await (const entry of ledger.entries('ICBC01', DATE, 'withholding')) entries.push(entry.bankSerial);
      expect(entries.sort()).to.deep.equal(dkLines.map((d) => `W${d.SEQ}`).sort());
    } finally {
      await store.close();
    }
  });
});
