import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import { postResultsFile } from '../../../src/boss/batch/yh-posting.ts';
import { decodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { createBankHome } from '../../../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { seedDemo } from '../../../src/boss/seed.ts';
import { openSqliteStore, type BatchInfo } from '../../../src/boss/store/sqlite/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { yh } from './support/files.ts';

const DATE = '20261123';

describe('YH posting on the SQLite ledger shares commits between lines [bank-interface §7 YH, §5]', () => {
  it('posts every debited line once, in SEQ order, in a few durable commits rather than one per line', async () => {
    const dir = await tempDir('yh-commits');
    const batches: BatchInfo[] = [];
    const store = openSqliteStore(join(dir, 'boss.db'), { onBatch: (info) => batches.push(info) });
    try {
      await seedDemo(store);
      const profile = defaultProfile();
      const ledger = store.batchLedger();
      const bank = await createBankHome(join(dir, 'ftp'), 'ICBC01');
      const dk = await writeDkFile({ profile, ledger, bank, date: DATE });
      const dkLines = decodeDailyFile(profile, 'DK', await readFile(dk.path)).details;
      expect(dkLines.length, 'the demo DK has lines enough to tell one commit per line from shared commits').to.be.at.least(20);
      const bytes = yh(
        DATE,
        dkLines.map((d) => [Number(d.SEQ), d.CUSTNO ?? '', d.ACCTNO ?? '', Number(d.AMOUNT), '0', `W${d.SEQ}`] as const),
      );

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
});
