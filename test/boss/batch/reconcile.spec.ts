import { expect } from 'chai';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { FileRejectedError, LedgerOrderError } from '../../../src/boss/batch/errors.ts';
import type { LedgerEntry, NewException } from '../../../src/boss/batch/ledger.ts';
import { collectBankLines, type SortedBankLines } from '../../../src/boss/batch/reconcile/bank-lines.ts';
import { reconcile, type ReconcileSink } from '../../../src/boss/batch/reconcile/engine.ts';
import { reconcileFile } from '../../../src/boss/batch/reconcile/run.ts';
import { REPORT_FORMAT } from '../../../src/boss/batch/reconcile/report.ts';
import { defaultProfile } from '../../../src/boss/profile/load.ts';
import { xjmx } from './support/files.ts';
import { closeLedgerScenes, ledgerScene } from './support/ledger-scene.ts';
import { LEDGER_IMPLS } from './support/ledgers.ts';
import { DATE } from './support/scene.ts';

const profile = defaultProfile();
type Line = readonly [serial: string, custno: string, amount: number];

function bankLines(lines: readonly Line[]): SortedBankLines {
  return collectBankLines(profile, 'XJMX', xjmx(DATE, lines), `XJMX${DATE}.TXT`).lines;
}

function collectingSink(capacity = Infinity): ReconcileSink & { records: NewException[]; flushes: number; mostPending: number } {
  let pending: NewException[] = [];
  const sink = {
    records: [] as NewException[],
    flushes: 0,
    mostPending: 0,
    add: (record: NewException) => {
      pending.push(record);
      sink.mostPending = Math.max(sink.mostPending, pending.length);
    },
    get full() {
      return pending.length >= capacity;
    },
    async flush() {
      sink.flushes++;
      sink.records.push(...pending);
      pending = [];
    },
  };
  return sink;
}

const entry = (bankSerial: string, custno: string, amount: number, bossSerial = `B${bankSerial}`): LedgerEntry => ({ bankSerial, custno, amount, bossSerial });

describe('detail reconciliation [bank-interface §7]', () => {
  it('sorts every record into matched, bank-only, BOSS-only and differs', async () => {
    const bank = bankLines([
      ['S05', 'C5', 500],
      ['S01', 'C1', 100],
      ['S02', 'C2', 200],
      ['S03', 'C3', 300],
      ['S07', 'C7', 700],
    ]);
    const boss = [entry('S01', 'C1', 100), entry('S02', 'C2', 250), entry('S03', 'C9', 300), entry('S04', 'C4', 400), entry('S05', 'C5', 500), entry('S06', 'C6', 600)];
    const sink = collectingSink();
    const totals = await reconcile(bank, boss, sink);
    expect(sink.records).to.deep.equal([
      { category: 'differs', bankSerial: 'S02', bank: { custno: 'C2', amount: 200, line: 4 }, boss: { custno: 'C2', amount: 250, bossSerial: 'BS02' } },
      { category: 'differs', bankSerial: 'S03', bank: { custno: 'C3', amount: 300, line: 5 }, boss: { custno: 'C9', amount: 300, bossSerial: 'BS03' } },
      { category: 'bossOnly', bankSerial: 'S04', boss: { custno: 'C4', amount: 400, bossSerial: 'BS04' } },
      { category: 'bossOnly', bankSerial: 'S06', boss: { custno: 'C6', amount: 600, bossSerial: 'BS06' } },
      { category: 'bankOnly', bankSerial: 'S07', bank: { custno: 'C7', amount: 700, line: 6 } },
    ]);
    expect(totals).to.deep.equal({
      bank: { count: 5, amount: 1800 },
      boss: { count: 6, amount: 2150 },
      matched: { count: 2, amount: 600 },
      bankOnly: { count: 1, amount: 700 },
      bossOnly: { count: 2, amount: 1000 },
      differs: { count: 2, amount: 500, bossAmount: 550 },
    });
  });

  it('agrees with a naive set comparison on any data', async () => {
    const serial = fc.stringMatching(/^[A-Z0-9]{1,6}$/);
    const record = fc.tuple(fc.constantFrom('C1', 'C2', 'C3'), fc.integer({ min: 1, max: 5 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(serial, record, { maxKeys: 40 }), fc.dictionary(serial, record, { maxKeys: 40 }), fc.integer({ min: 1, max: 5 }), async (bankSide, bossSide, capacity) => {
        const bank = bankLines(Object.entries(bankSide).map(([s, [c, a]]) => [s, c, a] as const));
        const boss = Object.entries(bossSide)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([s, [c, a]]) => entry(s, c, a));
        const sink = collectingSink(capacity);
        const totals = await reconcile(bank, boss, sink);

        const naive: string[] = [];
        let matched = 0;
        for (const key of new Set([...Object.keys(bankSide), ...Object.keys(bossSide)])) {
          const b = bankSide[key];
          const o = bossSide[key];
          if (b && o) {
            if (b[0] === o[0] && b[1] === o[1]) matched++;
            else naive.push(`differs ${key}`);
          } else naive.push(`${b ? 'bankOnly' : 'bossOnly'} ${key}`);
        }
        expect(sink.records.map((r) => `${r.category} ${r.bankSerial}`).sort()).to.deep.equal(naive.sort());
        expect(totals.matched.count).to.equal(matched);
        expect(totals.bank.count + totals.boss.count).to.equal(2 * matched + 2 * totals.differs.count + totals.bankOnly.count + totals.bossOnly.count);
        // the sink sees records in BANKSERIAL order, and never more than `capacity` pile up
        const keys = sink.records.map((r) => r.bankSerial);
        expect(keys).to.deep.equal([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(sink.mostPending).to.be.at.most(capacity);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses ledger entries out of BANKSERIAL order or repeated (a ledger bug)', async () => {
    const bank = bankLines([['S1', 'C1', 1]]);
    let error: unknown;
    try {
      await reconcile(bank, [entry('S2', 'C1', 1), entry('S1', 'C1', 1)], collectingSink());
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(LedgerOrderError);
    expect((error as Error).message).to.contain("'S1' came after 'S2'");
  });

  it('rejects a file that has a BANKSERIAL twice, naming both lines', () => {
    let error: unknown;
    try {
      bankLines([['S1', 'C1', 1], ['S2', 'C1', 1], ['S1', 'C2', 2]]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FileRejectedError);
    expect(error).to.include({ reason: 'duplicate', line: 4, field: 'BANKSERIAL' });
    expect((error as Error).message).to.contain('also on line 2');
  });
});

for (const impl of LEDGER_IMPLS) {
  describe(`detail reconciliation of a file against the ledger (${impl} ledger)`, () => {
    afterEach(closeLedgerScenes);

    it('writes a report with totals and every non-matched record, and one open exception per record; changes nothing else', async () => {
      const s = await ledgerScene('recon-report', impl);
      await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000002', custno: 'C00012345', amount: 4500 });
      await s.h.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000003', custno: 'C00012348', amount: 100 });
      const paymentsBefore = await s.h.payments();
      const bytes = xjmx(DATE, [
        ['20261123000002', 'C00012345', 4500],
        ['20261123000004', 'C00012348', 300],
      ]);
      const result = await reconcileFile({ profile, ledger: s.ledger, bankcode: 'ICBC01', layout: 'XJMX', kind: 'cash', date: DATE, fileName: 'XJMX20261123.TXT', sha256: 'ab'.repeat(32), bytes, reportsDir: s.reportsDir, clock: s.clock });

      expect(relative(s.reportsDir, result.reportPath)).to.equal(`ICBC01/XJMX20261123-${'ab'.repeat(6)}.json`);
      const text = await readFile(result.reportPath, 'utf8');
      expect(JSON.parse(text)).to.deep.equal({
        format: REPORT_FORMAT,
        bankcode: 'ICBC01',
        date: DATE,
        kind: 'cash',
        file: { name: 'XJMX20261123.TXT', sha256: 'ab'.repeat(32), lines: 2 },
        runId: 'RUN1',
        generatedAt: '2026-11-23T02:00:00.000Z',
        totals: {
          bank: { count: 2, amount: 4800 },
          boss: { count: 2, amount: 4600 },
          matched: { count: 1, amount: 4500 },
          bankOnly: { count: 1, amount: 300 },
          bossOnly: { count: 1, amount: 100 },
          differs: { count: 0, amount: 0, bossAmount: 0 },
        },
        records: [
          { category: 'bossOnly', bankSerial: '20261123000003', bank: null, boss: { bossSerial: 'B2026112300000002', custno: 'C00012348', amount: 100 } },
          { category: 'bankOnly', bankSerial: '20261123000004', bank: { line: 3, custno: 'C00012348', amount: 300 }, boss: null },
        ],
      });
      expect(text.indexOf('"totals"')).to.be.lessThan(text.indexOf('"records"'));
      expect((await s.ledger.listExceptions({})).map((e) => [e.id, e.runId, e.category, e.bankSerial, e.status, e.kind, e.fileName])).to.deep.equal([
        ['EX1', 'RUN1', 'bossOnly', '20261123000003', 'open', 'cash', 'XJMX20261123.TXT'],
        ['EX2', 'RUN1', 'bankOnly', '20261123000004', 'open', 'cash', 'XJMX20261123.TXT'],
      ]);
      expect(await s.h.payments()).to.deep.equal(paymentsBefore);
    });

    it('writes an empty records list when everything matches', async () => {
      const s = await ledgerScene('recon-empty', impl);
      const result = await reconcileFile({ profile, ledger: s.ledger, bankcode: 'ICBC01', layout: 'XJMX', kind: 'cash', date: DATE, fileName: 'XJMX20261123.TXT', sha256: 'cd'.repeat(32), bytes: xjmx(DATE, []), reportsDir: s.reportsDir, clock: s.clock });
      const report = JSON.parse(await readFile(result.reportPath, 'utf8')) as { records: unknown[]; totals: { matched: unknown } };
      expect(report.records).to.deep.equal([]);
      expect(report.totals.matched).to.deep.equal({ count: 0, amount: 0 });
    });
  });
}

describe('detail reconciliation at volume', () => {
  it('reconciles 200,000 lines against 200,000 entries in a few seconds', async () => {
    const n = 200_000;
    const serial = (i: number): string => `S${String(i).padStart(12, '0')}`;
    // line i carries serial k = i·7919 mod n (a permutation: the file is not in order)
    const lines = Array.from({ length: n }, (_, i) => (i * 7919) % n).map((k) => `${serial(k)}|C${k % 977}|${100 + (k % 50)}|101500|T01|`);
    const bytes = Buffer.from(`H|${DATE}|${n}|${lines.reduce((s, l) => s + Number(l.split('|')[2]), 0)}|\r\n${lines.join('\r\n')}\r\n`, 'latin1');
    const started = Date.now();
    const { lines: bank } = collectBankLines(profile, 'XJMX', bytes, `XJMX${DATE}.TXT`);
    function* boss(): Iterable<LedgerEntry> {
      for (let k = 0; k < n; k++) if (k % 1000 !== 1) yield entry(serial(k), `C${k % 977}`, 100 + (k % 50) + (k % 1000 === 2 ? 1 : 0));
    }
    const sink = collectingSink(1000);
    const totals = await reconcile(bank, boss(), sink);
    const elapsed = Date.now() - started;
    expect([totals.matched.count, totals.bankOnly.count, totals.differs.count, totals.bossOnly.count]).to.deep.equal([n - 400, 200, 200, 0]);
    expect(elapsed, `${elapsed} ms`).to.be.lessThan(8000);
  });
});
