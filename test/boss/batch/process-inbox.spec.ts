import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import { processInbox, type FileOutcome } from '../../../src/boss/batch/process-inbox.ts';
import { deliver, dkmx, xjmx, yh } from './support/files.ts';
import { closeLedgerScenes, ledgerScene, type LedgerScene } from './support/ledger-scene.ts';
import { LEDGER_IMPLS, type LedgerImpl } from './support/ledgers.ts';
import { DATE } from './support/scene.ts';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** ICBC01's answer to the scene's DK: C00020004 debited, C00020008 insufficient funds. */
const YH_BYTES = yh(DATE, [
  [1, 'C00020004', '6222020000020004', 2250, '0', 'W0001'],
  [2, 'C00020008', '6222020000020008', 3250, '1', ''],
]);

function only<T extends FileOutcome['status']>(files: readonly FileOutcome[], status: T): Extract<FileOutcome, { status: T }> {
  expect(files.map((f) => f.status)).to.deep.equal([status]);
  return files[0] as Extract<FileOutcome, { status: T }>;
}

async function withDk(name: string, impl: LedgerImpl): Promise<LedgerScene> {
  const s = await ledgerScene(name, impl);
  await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
  return s;
}

for (const impl of LEDGER_IMPLS) {
  afterEach(closeLedgerScenes);

  describe(`inbox processing [bank-interface §7] (${impl} ledger)`, () => {
    it('ignores a file until its flag is there', async () => {
      const s = await ledgerScene('inbox-flag', impl);
      const bytes = xjmx(DATE, [['S1', 'C00012345', 4500]]);
      await deliver(s.bank, 'XJMX20261123.TXT', bytes, { flag: false });
      expect((await processInbox(s.bank, s.options)).files).to.deep.equal([]);
      expect(await readdir(s.bank.inDir)).to.deep.equal(['XJMX20261123.TXT']);
      expect(await s.h.files()).to.deep.equal([]);
      expect(s.log.lines).to.deep.equal([]);

      await writeFile(join(s.bank.inDir, 'XJMX20261123.TXT.OK'), '');
      only((await processInbox(s.bank, s.options)).files, 'reconciled');
      expect(await readdir(s.bank.inDir)).to.deep.equal([]);
    });

    it('rejects a file whose header count disagrees, naming line and field; records it, moves it aside, never reads it twice', async () => {
      const s = await ledgerScene('inbox-count', impl);
      const bad = Buffer.from('H|20261123|3|4500|\r\nS1|C00012345|2250|101500|T01|\r\nS2|C00012345|2250|101501|T01|\r\n', 'latin1');
      await deliver(s.bank, 'XJMX20261123.TXT', bad);
      const rejected = only((await processInbox(s.bank, s.options)).files, 'rejected');
      expect(rejected).to.include({ reason: 'countMismatch', line: 1, field: 'COUNT', message: 'line 1 COUNT: header says 3, the file has 2 detail lines' });
      expect(await s.h.files()).to.deep.equal([
        { bankcode: 'ICBC01', name: 'XJMX20261123.TXT', sha256: sha(bad), layout: 'XJMX', date: DATE, outcome: 'rejected', reason: 'line 1 COUNT: header says 3, the file has 2 detail lines', at: s.clock.now() },
      ]);
      expect(s.log.lines).to.have.length(1);
      expect(s.log.lines[0]).to.deep.include({ level: 'warn' });
      expect(s.log.lines[0]?.fields).to.deep.include({ event: 'file.rejected', file: 'XJMX20261123.TXT', reason: 'countMismatch', line: 1, field: 'COUNT' });
      expect(await readdir(s.bank.inDir)).to.deep.equal([]);
      expect(await readFile(join(s.archiveDir, 'ICBC01', 'rejected', `XJMX20261123.TXT.${sha(bad).slice(0, 12)}`))).to.deep.equal(bad);
      expect(await s.h.runs()).to.deep.equal([]);

      // the same content again: not read again
      await deliver(s.bank, 'XJMX20261123.TXT', bad);
      const duplicate = only((await processInbox(s.bank, s.options)).files, 'duplicate');
      expect(duplicate.earlier.outcome).to.equal('rejected');
      expect(await s.h.files()).to.have.length(1);
      expect(s.log.events()).to.deep.equal(['file.rejected', 'file.duplicate']);

      // corrected content: processed
      await deliver(s.bank, 'XJMX20261123.TXT', xjmx(DATE, [['S1', 'C00012345', 2250], ['S2', 'C00012345', 2250]]));
      only((await processInbox(s.bank, s.options)).files, 'reconciled');
    });

    it('rejects a bad detail line by its line number and field, and a flagged file whose name fits no layout', async () => {
      const s = await ledgerScene('inbox-line', impl);
      await deliver(s.bank, 'DKMX20261123.TXT', Buffer.from('H|20261123|2|300|\r\nS1|C1|A1|100|020000|\r\nS2|C2|A2|2O0|020000|\r\n', 'latin1'));
      await deliver(s.bank, 'NOTES.TXT', Buffer.from('hello\r\n'));
      const { files } = await processInbox(s.bank, s.options);
      expect(files.map((f) => f.status === 'rejected' && [f.name, f.reason, f.line, f.field])).to.deep.equal([
        ['DKMX20261123.TXT', 'malformed', 3, 'AMOUNT'],
        ['NOTES.TXT', 'name', 0, 'name'],
      ]);
      expect((await s.h.files()).map((f) => f.reason)).to.deep.equal([
        "line 3 AMOUNT: '2O0' is not an amount in fen (digits only, no sign, point or leading zero)",
        'line 0 name: fits no inbound file name (YHYYYYMMDD, XJMXYYYYMMDD, DKMXYYYYMMDD)',
      ]);
    });

    it('posts each debited YH line once, even when the file comes twice', async () => {
      const s = await withDk('inbox-yh', impl);
      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      const first = only((await processInbox(s.bank, s.options)).files, 'posted');
      expect(first.posting).to.deep.include({ lines: 2, debited: 1, posted: 1, alreadyPosted: 0, postedAmount: 2250 });
      expect((await s.h.payments()).map((p) => [p.kind, p.bankSerial, p.custno, p.amount, p.bossSerial])).to.deep.equal([['withholding', 'W0001', 'C00020004', 2250, 'W2026112300000001']]);
      expect(await s.h.arrears('C00020004')).to.equal(0);

      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      only((await processInbox(s.bank, s.options)).files, 'duplicate');
      expect(await s.h.payments()).to.have.length(1);
      expect(s.log.events()).to.deep.equal(['file.posted', 'file.duplicate']);
    });

    it('posts nothing twice when the file record was lost (a crash after posting) or an amended file repeats lines', async () => {
      const s = await withDk('inbox-yh-crash', impl);
      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      await processInbox(s.bank, s.options);
      await s.h.forgetFiles();
      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      const again = only((await processInbox(s.bank, s.options)).files, 'posted');
      expect(again.posting).to.deep.include({ posted: 0, alreadyPosted: 1 });

      // the bank debits C00020008 on a second try and sends the whole file again, amended
      const amended = yh(DATE, [
        [1, 'C00020004', '6222020000020004', 2250, '0', 'W0001'],
        [2, 'C00020008', '6222020000020008', 3250, '0', 'W0002'],
      ]);
      await deliver(s.bank, 'YH20261123.TXT', amended);
      const third = only((await processInbox(s.bank, s.options)).files, 'posted');
      expect(third.posting).to.deep.include({ posted: 1, alreadyPosted: 1, postedAmount: 3250 });
      expect((await s.h.payments()).map((p) => p.bankSerial)).to.deep.equal(['W0001', 'W0002']);

      // the same SEQ with another BANKSERIAL: a conflict, not a second posting
      await deliver(s.bank, 'YH20261123.TXT', yh(DATE, [[1, 'C00020004', '6222020000020004', 2250, '0', 'W0009']]));
      const conflict = only((await processInbox(s.bank, s.options)).files, 'posted');
      expect(conflict.posting.conflicts.map((c) => [c.line, c.seq, c.bankSerial])).to.deep.equal([[2, 1, 'W0009']]);
      expect(await s.h.payments()).to.have.length(2);
    });

    it('rejects a YH that answers no DK, or differs from the DK line of its SEQ', async () => {
      const s = await ledgerScene('inbox-yh-batch', impl);
      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      expect(only((await processInbox(s.bank, s.options)).files, 'rejected')).to.include({ reason: 'noBatch', line: 1, field: 'DATE' });

      await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
      await deliver(s.bank, 'YH20261123.TXT', yh(DATE, [[1, 'C00020004', '6222020000020004', 2000, '0', 'W0001']]));
      expect(only((await processInbox(s.bank, s.options)).files, 'rejected')).to.include({ reason: 'batchMismatch', line: 2, field: 'AMOUNT' });
      await deliver(s.bank, 'YH20261123.TXT', yh(DATE, [[7, 'C00020004', '6222020000020004', 2250, '0', 'W0001']]));
      expect(only((await processInbox(s.bank, s.options)).files, 'rejected')).to.include({ reason: 'batchMismatch', line: 2, field: 'SEQ' });
      await deliver(s.bank, 'YH20261123.TXT', yh(DATE, [[1, 'C00020004', '6222020000020004', 2250, '0', '']]));
      expect(only((await processInbox(s.bank, s.options)).files, 'rejected')).to.include({ reason: 'malformed', line: 2, field: 'BANKSERIAL' });
      expect(await s.h.payments()).to.deep.equal([]);
    });

    it('takes YH before DKMX of the same date, so withholding detail reconciles against the postings', async () => {
      const s = await withDk('inbox-order', impl);
      await deliver(s.bank, 'DKMX20261123.TXT', dkmx(DATE, [['W0001', 'C00020004', '6222020000020004', 2250]]));
      await deliver(s.bank, 'YH20261123.TXT', YH_BYTES);
      const { files } = await processInbox(s.bank, s.options);
      expect(files.map((f) => [f.name, f.status])).to.deep.equal([
        ['YH20261123.TXT', 'posted'],
        ['DKMX20261123.TXT', 'reconciled'],
      ]);
      const reconciled = files[1] as Extract<FileOutcome, { status: 'reconciled' }>;
      expect(reconciled.totals.matched).to.deep.equal({ count: 1, amount: 2250 });
      expect(await s.ledger.listExceptions({})).to.deep.equal([]);
    });

    it('leaves a file in in/ when the ledger fails, and takes it on the next pass', async () => {
      const s = await ledgerScene('inbox-fail', impl);
      const bytes = xjmx(DATE, [['S1', 'C00012345', 4500]]);
      await deliver(s.bank, 'XJMX20261123.TXT', bytes);
      const ledger = s.ledger;
      const record = ledger.recordFile.bind(ledger);
      ledger.recordFile = async () => {
        throw new Error('disk full');
      };
      const failed = only((await processInbox(s.bank, s.options)).files, 'failed');
      expect(failed.message).to.equal('disk full');
      expect((await readdir(s.bank.inDir)).sort()).to.deep.equal(['XJMX20261123.TXT', 'XJMX20261123.TXT.OK']);
      expect(s.log.lines.map((l) => [l.level, l.fields.event])).to.deep.equal([['error', 'file.failed']]);

      ledger.recordFile = record;
      only((await processInbox(s.bank, s.options)).files, 'reconciled');
      // the first attempt's open exception was superseded by the second run, not doubled
      expect((await s.ledger.listExceptions({})).map((e) => [e.runId, e.status])).to.deep.equal([
        ['RUN1', 'superseded'],
        ['RUN2', 'open'],
      ]);
    });

    it('leaves a file that the bank replaced while it was read, and reads the new content next', async () => {
      const s = await ledgerScene('inbox-changed', impl);
      await deliver(s.bank, 'XJMX20261123.TXT', xjmx(DATE, [['S1', 'C00012345', 4500]]));
      const ledger = s.ledger;
      const begin = ledger.beginReconciliation.bind(ledger);
      const replacement = xjmx(DATE, [['S1', 'C00012345', 4500], ['S2', 'C00012348', 100]]);
      ledger.beginReconciliation = async (run) => {
        await writeFile(join(s.bank.inDir, 'XJMX20261123.TXT'), replacement);
        return begin(run);
      };
      const first = only((await processInbox(s.bank, s.options)).files, 'reconciled');
      expect(first.archivedTo).to.equal(undefined);
      ledger.beginReconciliation = begin;
      const second = only((await processInbox(s.bank, s.options)).files, 'reconciled');
      expect(second.sha256).to.equal(sha(replacement));
      expect(second.totals.bank.count).to.equal(2);
    });
  });

  describe(`inbox processing: BOSS-side directories (${impl} ledger)`, () => {
    it('refuses a reports or archive directory inside the bank home', async () => {
      const s = await ledgerScene('inbox-dirs', impl);
      let error: unknown;
      try {
        await processInbox(s.bank, { ...s.options, reportsDir: join(s.bank.outDir, 'reports') });
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).to.match(/^reportsDir: .* is inside the home of ICBC01, where the bank would see it$/);
    });
  });
}
