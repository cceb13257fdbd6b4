import { expect } from 'chai';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import type { BatchLedger, Decision, EntryKind, LedgerEntry, NewException, WithholdingDue, WithholdingResult } from '../../../src/boss/batch/ledger.ts';
import { processInbox, type FileOutcome } from '../../../src/boss/batch/process-inbox.ts';
import { deliver, yh } from './support/files.ts';
import { closeLedgerScenes, ledgerScene } from './support/ledger-scene.ts';
import { LEDGER_IMPLS } from './support/ledgers.ts';
import { DATE, NOON_ISH } from './support/scene.ts';

/**
 * The `BatchLedger` contract, case by case, on the in-memory reference model and on the SQLite
 * ledger alike: the same scene, the same calls, the same expected values. [bank-interface §7]
 */
const NEXT_DAY = '20261124';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const debit = (seq: number, custno: string, amount: number, bankSerial: string, date = DATE): WithholdingResult => ({
  bankcode: 'ICBC01',
  date,
  seq,
  custno,
  acctno: `62220200000${custno.slice(-5)}`,
  amount,
  bankSerial,
  fileName: `YH${date}.TXT`,
});

const decision = (action: Decision['action'], reason = '', by = 'op7'): Decision => ({ action, by, at: NOON_ISH + 60_000, reason });

/** A cash run of ICBC01 on DATE holding the records given; returns the run id and the exceptions' ids. */
async function cashRun(ledger: BatchLedger, records: NewException[], kind: EntryKind = 'cash'): Promise<{ runId: string; ids: string[] }> {
  const runId = await ledger.beginReconciliation({ bankcode: 'ICBC01', date: DATE, kind, fileName: `${kind === 'cash' ? 'XJMX' : 'DKMX'}${DATE}.TXT`, sha256: 'ab'.repeat(32), startedAt: NOON_ISH });
  await ledger.addExceptions(runId, records);
  const ids = (await ledger.listExceptions({ status: 'open' })).filter((e) => e.runId === runId).map((e) => e.id);
  return { runId, ids };
}

for (const impl of LEDGER_IMPLS) {
  describe(`BatchLedger contract (${impl} ledger) [bank-interface §7]`, () => {
    afterEach(closeLedgerScenes);

    describe('withholdings due (the DK lines)', () => {
      it('lists the active agreements of the bank with active customers, by CUSTNO, with what each owes', async () => {
        const s = await ledgerScene('contract-due', impl);
        await s.h.addCustomer('C00020001', [{ month: '202609', item: 'BASIC', amount: 2250 }]);
        await s.h.addAgreement({ bankcode: 'ICBC01', custno: 'C00020001', acctno: '6222020000020001', acctname: 'ACCT20001' });
        await s.h.addCustomer('C00020016', [{ month: '202611', item: 'BASIC', amount: 2250 }], 'suspended');
        await s.h.addAgreement({ bankcode: 'ICBC01', custno: 'C00020016', acctno: '6222020000020016', acctname: 'ACCT20016' });
        await s.h.addCustomer('C00020020', [{ month: '202611', item: 'BASIC', amount: 2250 }]);
        await s.h.addAgreement({ bankcode: 'CCB01', custno: 'C00020020', acctno: '9999', acctname: 'CCB ACCT' });
        const due = (list: WithholdingDue[]) => list.map((d) => [d.custno, d.acctno, d.acctname, d.arrears]);
        expect(due(await collect(s.ledger.withholdingsDue('ICBC01')))).to.deep.equal([
          ['C00020001', '6222020000020001', 'ACCT20001', 2250],
          ['C00020004', '6222020000020004', 'ACCT20004', 2250],
          ['C00020008', '6222020000020008', 'ACCT20008', 3250],
          ['C00020012', '6222020000020012', 'ACCT20012', 0],
        ]);
        expect(due(await collect(s.ledger.withholdingsDue('CCB01')))).to.deep.equal([['C00020020', '9999', 'CCB ACCT', 2250]]);
        expect(await collect(s.ledger.withholdingsDue('ABC01'))).to.deep.equal([]);
      });
    });

    describe('withholding postings, exactly once per (bank, date, SEQ) and (bank, date, BANKSERIAL)', () => {
      it('posts a debit as a W serial of the file date, settling arrears oldest month first, the excess to the balance', async () => {
        const s = await ledgerScene('contract-post', impl);
        expect(await s.ledger.postWithholding(debit(2, 'C00020008', 3000, 'WD01'))).to.deep.equal({ status: 'posted', bossSerial: 'W2026112300000001' });
        expect(await s.h.bills('C00020008')).to.deep.equal([
          { month: '202610', item: 'BASIC', amount: 2250, paid: 2250 },
          { month: '202611', item: 'DATA', amount: 1000, paid: 750 },
        ]);
        expect(await s.h.arrears('C00020008')).to.equal(250);
        expect(await s.ledger.postWithholding(debit(1, 'C00020004', 3000, 'WD02'))).to.deep.equal({ status: 'posted', bossSerial: 'W2026112300000002' });
        expect([await s.h.arrears('C00020004'), await s.h.balance('C00020004')]).to.deep.equal([0, 750]);
        expect(await s.h.payments()).to.deep.equal([
          { kind: 'withholding', date: DATE, bankSerial: 'WD01', custno: 'C00020008', amount: 3000, bossSerial: 'W2026112300000001', reversed: false },
          { kind: 'withholding', date: DATE, bankSerial: 'WD02', custno: 'C00020004', amount: 3000, bossSerial: 'W2026112300000002', reversed: false },
        ]);
        expect(await collect(s.ledger.entries('ICBC01', DATE, 'withholding'))).to.deep.equal([
          { bankSerial: 'WD01', custno: 'C00020008', amount: 3000, bossSerial: 'W2026112300000001' },
          { bankSerial: 'WD02', custno: 'C00020004', amount: 3000, bossSerial: 'W2026112300000002' },
        ]);
        expect(await collect(s.ledger.entries('ICBC01', DATE, 'cash'))).to.deep.equal([]);
      });

      it('answers the identical line alreadyPosted and any other line on a taken key conflict, changing nothing', async () => {
        const s = await ledgerScene('contract-once', impl);
        await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'CASH1', custno: 'C00012345', amount: 100 });
        await s.ledger.postWithholding(debit(1, 'C00020004', 2250, 'WD01'));
        const before = [await s.h.payments(), await s.h.bills('C00020004'), await s.h.bills('C00020008')];

        expect(await s.ledger.postWithholding(debit(1, 'C00020004', 2250, 'WD01'))).to.deep.equal({ status: 'alreadyPosted', bossSerial: 'W2026112300000001' });
        const conflicts: [WithholdingResult, string, string][] = [
          [debit(1, 'C00020004', 2250, 'WD09'), 'W2026112300000001', 'SEQ 1 of 20261123 is posted as W2026112300000001 with other values'],
          [debit(1, 'C00020004', 2000, 'WD01'), 'W2026112300000001', 'SEQ 1 of 20261123 is posted as W2026112300000001 with other values'],
          [{ ...debit(1, 'C00020004', 2250, 'WD01'), acctno: '1' }, 'W2026112300000001', 'SEQ 1 of 20261123 is posted as W2026112300000001 with other values'],
          [debit(2, 'C00020008', 3250, 'WD01'), 'W2026112300000001', 'BANKSERIAL WD01 of 20261123 is posted as W2026112300000001 with other values'],
          // [§3] a BANKSERIAL names one transaction of the bank that day, whatever its kind
          [debit(2, 'C00020008', 3250, 'CASH1'), 'B2026112300000001', 'BANKSERIAL CASH1 of 20261123 is posted as B2026112300000001 with other values'],
        ];
        for (const [line, bossSerial, message] of conflicts) {
          expect(await s.ledger.postWithholding(line)).to.deep.equal({ status: 'conflict', bossSerial, message });
        }
        expect([await s.h.payments(), await s.h.bills('C00020004'), await s.h.bills('C00020008')]).to.deep.equal(before);

        // the keys are per date: the same SEQ and BANKSERIAL on the next day's file is another debit
        expect(await s.ledger.postWithholding(debit(1, 'C00020008', 1000, 'WD01', NEXT_DAY))).to.deep.equal({ status: 'posted', bossSerial: 'W2026112400000001' });
      });

      it('posts a YH delivered twice once, also across a close and reopen, and when the file record was lost', async () => {
        const s = await ledgerScene('contract-yh-twice', impl);
        await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
        const bytes = yh(DATE, [
          [1, 'C00020004', '6222020000020004', 2250, '0', 'WD01'],
          [2, 'C00020008', '6222020000020008', 3250, '0', 'WD02'],
        ]);
        const pass = async (): Promise<FileOutcome> => {
          await deliver(s.bank, `YH${DATE}.TXT`, bytes);
          const { files } = await processInbox(s.bank, s.options);
          expect(files).to.have.length(1);
          return files[0]!;
        };
        expect(await pass()).to.deep.include({ status: 'posted', posting: { lines: 2, debited: 2, posted: 2, alreadyPosted: 0, conflicts: [], postedAmount: 5500 } });
        await s.h.reopen();
        expect((await pass()).status).to.equal('duplicate');
        await s.h.forgetFiles();
        await s.h.reopen();
        expect(await pass()).to.deep.include({ status: 'posted', posting: { lines: 2, debited: 2, posted: 0, alreadyPosted: 2, conflicts: [], postedAmount: 0 } });
        expect((await s.h.payments()).map((p) => [p.bankSerial, p.bossSerial])).to.deep.equal([
          ['WD01', 'W2026112300000001'],
          ['WD02', 'W2026112300000002'],
        ]);
        expect([await s.h.arrears('C00020004'), await s.h.arrears('C00020008')]).to.deep.equal([0, 0]);
      });
    });

    describe('entries for detail reconciliation', () => {
      it('gives the live entries of one bank, date and kind by BANKSERIAL in binary order', async () => {
        const s = await ledgerScene('contract-entries', impl);
        const serials = new Map<string, string>();
        for (const bankSerial of ['b7', 'A10', 'A9', 'a1', 'B2', 'A0']) {
          serials.set(bankSerial, await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial, custno: 'C00012348', amount: 10 }));
        }
        await s.h.addPayment({ bankcode: 'ICBC01', date: NEXT_DAY, bankSerial: 'A5', custno: 'C00012348', amount: 10 });
        await s.h.addPayment({ bankcode: 'CCB01', date: DATE, bankSerial: 'A6', custno: 'C00012348', amount: 10 });
        await s.ledger.postWithholding(debit(1, 'C00020004', 2250, 'A7'));
        await s.h.reversePayment(serials.get('A0')!, DATE);
        const cash: LedgerEntry[] = await collect(s.ledger.entries('ICBC01', DATE, 'cash'));
        // binary (ASCII) order: digits, then capitals, then small letters; '10' before '9'
        expect(cash.map((e) => e.bankSerial)).to.deep.equal(['A10', 'A9', 'B2', 'a1', 'b7']);
        expect(cash[0]).to.deep.equal({ bankSerial: 'A10', custno: 'C00012348', amount: 10, bossSerial: serials.get('A10') });
        expect((await collect(s.ledger.entries('ICBC01', DATE, 'withholding'))).map((e) => e.bankSerial)).to.deep.equal(['A7']);
        expect((await collect(s.ledger.entries('CCB01', DATE, 'cash'))).map((e) => e.bankSerial)).to.deep.equal(['A6']);
        expect(await collect(s.ledger.entries('ICBC01', '20261122', 'cash'))).to.deep.equal([]);
      });
    });

    describe('file records', () => {
      it('finds a decided file by bank and content; keeps the first decision and the reason of a rejection', async () => {
        const s = await ledgerScene('contract-files', impl);
        const record = { bankcode: 'ICBC01', name: 'XJMX20261123.TXT', sha256: 'cd'.repeat(32), layout: 'XJMX', date: DATE, outcome: 'rejected' as const, reason: 'line 1 COUNT: header says 3', at: NOON_ISH };
        await s.ledger.recordFile(record);
        const { reason: _reason, ...again } = record;
        await s.ledger.recordFile({ ...again, outcome: 'processed', at: NOON_ISH + 1 });
        await s.ledger.recordFile({ bankcode: 'ICBC01', name: 'YH20261123.TXT', sha256: 'ef'.repeat(32), layout: 'YH', date: DATE, outcome: 'processed', at: NOON_ISH });
        expect(await s.ledger.fileRecord('ICBC01', 'cd'.repeat(32))).to.deep.equal(record);
        expect(await s.ledger.fileRecord('ICBC01', 'ef'.repeat(32))).to.deep.equal({ bankcode: 'ICBC01', name: 'YH20261123.TXT', sha256: 'ef'.repeat(32), layout: 'YH', date: DATE, outcome: 'processed', at: NOON_ISH });
        expect(await s.ledger.fileRecord('CCB01', 'cd'.repeat(32))).to.equal(undefined);
        await s.h.reopen();
        expect(await s.h.files()).to.have.length(2);
        expect(await s.ledger.fileRecord('ICBC01', 'cd'.repeat(32))).to.deep.equal(record);
      });
    });

    describe('reconciliation runs and exceptions', () => {
      const bankOnly = (bankSerial: string, custno = 'C00012345', amount = 2250, line = 2): NewException => ({ category: 'bankOnly', bankSerial, bank: { custno, amount, line } });
      const bossOnly = (bankSerial: string, bossSerial: string, custno = 'C00012345', amount = 2250): NewException => ({ category: 'bossOnly', bankSerial, boss: { custno, amount, bossSerial } });

      it('stores the exceptions of a run in the order added, lists them by any filter, and finds each by id', async () => {
        const s = await ledgerScene('contract-runs', impl);
        const { runId } = await cashRun(s.ledger, [bankOnly('S1'), bossOnly('S2', 'B2026112300000009')]);
        await s.ledger.addExceptions(runId, [{ category: 'differs', bankSerial: 'S3', bank: { custno: 'C00012348', amount: 300, line: 4 }, boss: { custno: 'C00012348', amount: 200, bossSerial: 'B2026112300000010' } }]);
        const other = await s.ledger.beginReconciliation({ bankcode: 'ICBC01', date: DATE, kind: 'withholding', fileName: 'DKMX20261123.TXT', sha256: 'cd'.repeat(32), startedAt: NOON_ISH + 5 });
        await s.ledger.addExceptions(other, [bankOnly('W1', 'C00020004', 2250, 2)]);
        expect(runId).to.not.equal(other);

        const all = await s.ledger.listExceptions({});
        expect(all.map((e) => [e.bankSerial, e.category, e.kind, e.status, e.runId === runId])).to.deep.equal([
          ['S1', 'bankOnly', 'cash', 'open', true],
          ['S2', 'bossOnly', 'cash', 'open', true],
          ['S3', 'differs', 'cash', 'open', true],
          ['W1', 'bankOnly', 'withholding', 'open', false],
        ]);
        expect(all[0]).to.deep.equal({ id: all[0]!.id, runId, bankcode: 'ICBC01', date: DATE, kind: 'cash', fileName: 'XJMX20261123.TXT', category: 'bankOnly', bankSerial: 'S1', bank: { custno: 'C00012345', amount: 2250, line: 2 }, status: 'open', createdAt: NOON_ISH });
        expect(all[1]).to.not.have.property('bank');
        expect(all[3]).to.include({ fileName: 'DKMX20261123.TXT', createdAt: NOON_ISH + 5 });
        expect(new Set(all.map((e) => e.id)).size).to.equal(4);
        expect((await s.ledger.listExceptions({ kind: 'withholding' })).map((e) => e.bankSerial)).to.deep.equal(['W1']);
        expect((await s.ledger.listExceptions({ bankcode: 'ICBC01', date: DATE, kind: 'cash', status: 'open' })).map((e) => e.bankSerial)).to.deep.equal(['S1', 'S2', 'S3']);
        expect(await s.ledger.listExceptions({ bankcode: 'CCB01' })).to.deep.equal([]);
        expect(await s.ledger.listExceptions({ date: NEXT_DAY })).to.deep.equal([]);
        expect(await s.ledger.getException(all[2]!.id)).to.deep.equal(all[2]);
        expect(await s.ledger.getException('EX999')).to.equal(undefined);
        expect(await s.ledger.getException('no such id')).to.equal(undefined);

        let error: unknown;
        try {
          await s.ledger.addExceptions('RUN999', [bankOnly('S9')]);
        } catch (e) {
          error = e;
        }
        expect((error as Error).message).to.contain('no reconciliation run RUN999');
      });

      it('supersedes what earlier runs of the same bank, date and kind left open, and nothing else', async () => {
        const s = await ledgerScene('contract-supersede', impl);
        const first = await cashRun(s.ledger, [bankOnly('S1'), bankOnly('S2')]);
        await s.ledger.resolveException(first.ids[0]!, decision('accept', 'seen'));
        await cashRun(s.ledger, [bankOnly('W1')], 'withholding');
        const second = await cashRun(s.ledger, [bankOnly('S2')]);
        expect((await s.ledger.listExceptions({})).map((e) => [e.bankSerial, e.kind, e.status])).to.deep.equal([
          ['S1', 'cash', 'resolved'],
          ['S2', 'cash', 'superseded'],
          ['W1', 'withholding', 'open'],
          ['S2', 'cash', 'open'],
        ]);
        expect((await s.ledger.listExceptions({ status: 'open', kind: 'cash' })).map((e) => e.id)).to.deep.equal(second.ids);
      });
    });

    describe('decisions, each recorded with its effect in one commit', () => {
      it('makeup posts the bank-only record as the bank has it: cash as a make-up of the run date, settling oldest month first', async () => {
        const s = await ledgerScene('contract-makeup', impl);
        const { ids } = await cashRun(s.ledger, [{ category: 'bankOnly', bankSerial: 'LOST1', bank: { custno: 'C00012345', amount: 3000, line: 5 } }]);
        const outcome = await s.ledger.resolveException(ids[0]!, decision('makeup', 'bank slip seen'));
        expect(outcome.status).to.equal('resolved');
        const resolved = outcome.status === 'resolved' ? outcome.exception : undefined;
        expect(resolved).to.deep.include({ status: 'resolved', decision: decision('makeup', 'bank slip seen'), decisionSerial: 'B2026112300000001' });
        expect(await s.h.payments()).to.deep.equal([{ kind: 'cash', date: DATE, bankSerial: 'LOST1', custno: 'C00012345', amount: 3000, bossSerial: 'B2026112300000001', reversed: false }]);
        expect((await s.h.bills('C00012345')).map((b) => [b.month, b.paid])).to.deep.equal([
          ['202610', 2250],
          ['202611', 750],
        ]);
        expect((await collect(s.ledger.entries('ICBC01', DATE, 'cash'))).map((e) => [e.bankSerial, e.bossSerial])).to.deep.equal([['LOST1', 'B2026112300000001']]);
        // durable: the decision and its effect are there after reopening
        await s.h.reopen();
        expect(await s.ledger.getException(ids[0]!)).to.deep.equal(resolved);
        expect(await s.h.arrears('C00012345')).to.equal(1500);
        expect(await s.ledger.resolveException(ids[0]!, decision('makeup'))).to.deep.equal({ status: 'notOpen', exception: resolved });
        expect(await s.h.payments()).to.have.length(1);
      });

      it('makeup of a withholding record posts a W serial of the run date', async () => {
        const s = await ledgerScene('contract-makeup-w', impl);
        const { ids } = await cashRun(s.ledger, [{ category: 'bankOnly', bankSerial: 'WD05', bank: { custno: 'C00020004', amount: 2250, line: 2 } }], 'withholding');
        const outcome = await s.ledger.resolveException(ids[0]!, decision('makeup'));
        expect(outcome.status === 'resolved' && outcome.exception.decisionSerial).to.equal('W2026112300000001');
        expect((await collect(s.ledger.entries('ICBC01', DATE, 'withholding'))).map((e) => e.bankSerial)).to.deep.equal(['WD05']);
        expect(await s.h.arrears('C00020004')).to.equal(0);
      });

      it('reverse undoes the BOSS-only payment exactly (bills and balance) with an R serial; accept changes nothing but the record', async () => {
        const s = await ledgerScene('contract-reverse', impl);
        const paid = await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'P1', custno: 'C00012345', amount: 5000 });
        expect([await s.h.arrears('C00012345'), await s.h.balance('C00012345')]).to.deep.equal([0, 500]);
        const { ids } = await cashRun(s.ledger, [
          { category: 'bossOnly', bankSerial: 'P1', boss: { custno: 'C00012345', amount: 5000, bossSerial: paid } },
          { category: 'differs', bankSerial: 'P2', bank: { custno: 'C00012348', amount: 10, line: 2 }, boss: { custno: 'C00012348', amount: 11, bossSerial: 'B2026112399999999' } },
        ]);
        const reversed = await s.ledger.resolveException(ids[0]!, decision('reverse'));
        expect(reversed.status === 'resolved' && reversed.exception.decisionSerial).to.equal('R2026112300000001');
        expect([await s.h.arrears('C00012345'), await s.h.balance('C00012345')]).to.deep.equal([4500, 0]);
        expect((await s.h.bills('C00012345')).every((b) => b.paid === 0)).to.equal(true);
        expect((await s.h.payments()).map((p) => [p.bankSerial, p.reversed])).to.deep.equal([['P1', true]]);
        expect(await collect(s.ledger.entries('ICBC01', DATE, 'cash'))).to.deep.equal([]);

        const before = [await s.h.payments(), await s.h.bills('C00012348')];
        const accepted = await s.ledger.resolveException(ids[1]!, decision('accept', 'bank fee, agreed'));
        expect(accepted.status === 'resolved' && accepted.exception).to.deep.include({ status: 'resolved', decision: decision('accept', 'bank fee, agreed') });
        expect(accepted.status === 'resolved' && accepted.exception).to.not.have.property('decisionSerial');
        expect([await s.h.payments(), await s.h.bills('C00012348')]).to.deep.equal(before);
        expect((await s.ledger.listExceptions({ status: 'resolved' })).map((e) => e.id)).to.deep.equal(ids);
      });

      it('refuses what it cannot apply and leaves everything, the exception included, as it was', async () => {
        const s = await ledgerScene('contract-refuse', impl);
        const paid = await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'P1', custno: 'C00012345', amount: 5000 });
        const gone = await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: 'P2', custno: 'C00012348', amount: 100 });
        await s.h.reversePayment(gone, DATE);
        await s.h.spendBalance('C00012345', 300);
        const { ids } = await cashRun(s.ledger, [
          { category: 'bossOnly', bankSerial: 'P1', boss: { custno: 'C00012345', amount: 5000, bossSerial: paid } },
          { category: 'bossOnly', bankSerial: 'P2', boss: { custno: 'C00012348', amount: 100, bossSerial: gone } },
          { category: 'bankOnly', bankSerial: 'P2', bank: { custno: 'C00012348', amount: 100, line: 2 } },
          { category: 'bankOnly', bankSerial: 'P3', bank: { custno: 'C99999999', amount: 100, line: 3 } },
          { category: 'bankOnly', bankSerial: 'P4', bank: { custno: 'C00012348', amount: 100, line: 4 } },
        ]);
        const before = [await s.h.payments(), await s.h.bills('C00012345'), await s.h.balance('C00012345')];
        const cases: [string, Decision, string][] = [
          [ids[0]!, decision('reverse'), `reversing ${paid} would leave a negative prepaid balance (its prepaid part was spent)`],
          [ids[1]!, decision('reverse'), `payment ${gone} is already reversed`],
          [ids[2]!, decision('makeup'), `BANKSERIAL P2 of ${DATE} is already posted as ${gone} (reversed)`],
          [ids[3]!, decision('makeup'), 'customer C99999999 not found'],
          [ids[4]!, decision('reverse'), 'nothing on the BOSS side to reverse'],
          [ids[0]!, decision('makeup'), 'nothing on the bank side to post'],
          [ids[4]!, decision('accept'), 'accepting an exception needs a reason'],
          [ids[4]!, decision('accept', 'why', ' '), 'a decision needs who takes it'],
        ];
        for (const [id, taken, message] of cases) {
          expect(await s.ledger.resolveException(id, taken), `${taken.action} on ${id}`).to.deep.equal({ status: 'refused', message });
        }
        expect([await s.h.payments(), await s.h.bills('C00012345'), await s.h.balance('C00012345')]).to.deep.equal(before);
        expect((await s.ledger.listExceptions({ status: 'open' })).map((e) => e.id)).to.deep.equal(ids);
        expect(await s.ledger.resolveException('EX999', decision('accept', 'x'))).to.deep.equal({ status: 'notFound' });
        expect(await s.ledger.resolveException('RUN1', decision('accept', 'x'))).to.deep.equal({ status: 'notFound' });
      });
    });
  });
}
