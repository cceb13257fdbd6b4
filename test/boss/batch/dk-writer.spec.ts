import { expect } from 'chai';
import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import { BatchFileExistsError } from '../../../src/boss/batch/errors.ts';
import { decodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { closeLedgerScenes, ledgerScene } from './support/ledger-scene.ts';
import { LEDGER_IMPLS } from './support/ledgers.ts';
import { DATE } from './support/scene.ts';

for (const impl of LEDGER_IMPLS) {
  afterEach(closeLedgerScenes);

  describe(`DK withholding batch written to out/ [bank-interface §7 DK] (${impl} ledger)`, () => {
    it('writes one line per agreement owing something, SEQ from 1, then the empty flag', async () => {
      const s = await ledgerScene('dk-bytes', impl);
      const written = await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE, log: s.log });
      const bytes = await readFile(join(s.bank.outDir, 'DK20261123.TXT'));
      expect(bytes.toString('latin1')).to.equal(
        'H|20261123|2|5500|\r\n' + '1|C00020004|6222020000020004|ACCT20004|2250|\r\n' + '2|C00020008|6222020000020008|ACCT20008|3250|\r\n',
      );
      expect((await readFile(join(s.bank.outDir, 'DK20261123.TXT.OK'))).length).to.equal(0);
      expect(written).to.include({ name: 'DK20261123.TXT', count: 2, total: 5500 });
      expect(decodeDailyFile(s.profile, 'DK', bytes, { fileName: 'DK20261123.TXT' }).details).to.have.length(2);
      expect((await readdir(s.bank.outDir)).sort()).to.deep.equal(['DK20261123.TXT', 'DK20261123.TXT.OK']);
      expect(s.log.lines.map((l) => [l.fields.event, l.fields.count, l.fields.total])).to.deep.equal([['file.written', 2, 5500]]);
      await s.h.close();
    });

    it('makes the file whole under its name before the flag appears', async () => {
      const s = await ledgerScene('dk-order', impl);
      const seen: string[] = [];
      const watcher = watch(s.bank.outDir, (_event, name) => {
        if (name) seen.push(String(name));
      });
      try {
        await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        watcher.close();
        await s.h.close();
      }
      const file = seen.indexOf('DK20261123.TXT');
      const flag = seen.indexOf('DK20261123.TXT.OK');
      expect(file, seen.join(' ')).to.be.greaterThan(-1);
      expect(flag, seen.join(' ')).to.be.greaterThan(file);
      // the file is never written in place: every write before its name appears goes to a temporary name
      expect(seen.slice(0, file).every((name) => name.startsWith('.DK20261123.TXT.')), seen.join(' ')).to.equal(true);
    });

    it('refuses to write a date again once flagged, unless asked to replace it', async () => {
      const s = await ledgerScene('dk-again', impl);
      await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
      let error: unknown;
      try {
        await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(BatchFileExistsError);
      await s.h.addBill('C00020012', { month: '202611', item: 'BASIC', amount: 1000 });
      const again = await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE, replace: true });
      expect(again.count).to.equal(3);
      await s.h.close();
    });

    it('writes an empty batch (header only) when nobody owes', async () => {
      const s = await ledgerScene('dk-empty', impl);
      await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'P1', custno: 'C00020004', amount: 2250 });
      await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'P2', custno: 'C00020008', amount: 3250 });
      await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
      expect((await readFile(join(s.bank.outDir, 'DK20261123.TXT'))).toString('latin1')).to.equal('H|20261123|0|0|\r\n');
      await s.h.close();
    });
  });
}
