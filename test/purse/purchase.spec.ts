import { expect } from 'chai';
import fc from 'fast-check';
import { toCompactHex } from '../../src/core/hex.ts';
import { FileJournal, InsufficientFundsError, MemoryJournal, purchase, InDoubtError, PurseTransactionError, recoverInDoubt } from '../../src/purse/index.ts';
import { PsamPool } from '../../simulators/psam/index.ts';
import { PowerLossError } from '../simulators/pboc-purse/support.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { CardInReader, PsamCard, terminalFor } from './support.ts';
import { join } from 'node:path';
import { appendFile } from 'node:fs/promises';

const WHEN = '20261123101500';

describe('purse engine: purchase with a PSAM [issue 5 point 5; psam_hsm.md §2.3]', () => {
  it('debits the card, has the PSAM check MAC2, keeps the TAC, journals it, and gives the PSAM back', async () => {
    const reader = new CardInReader({ balance: 10_000 });
    const terminal = terminalFor(reader);
    const receipt = await purchase(terminal, { amount: 1234, dateTime: WHEN });
    expect(receipt).to.include({ amount: 1234, balanceBefore: 10_000, balanceAfter: 8766, offlineSeq: 0 });
    expect(reader.card.state.balance).to.equal(8766);
    expect(toCompactHex(receipt.tac)).to.equal(toCompactHex(reader.card.state.proofs[0]!.tac));
    expect(await terminal.journal.entry(receipt.id)).to.include({ state: 'done', mac2Verified: true, tac: toCompactHex(receipt.tac), amount: 1234 });
    expect(terminal.pool.status()[0]?.state).to.equal('free');
  });

  it('refuses a purchase over the balance, and a card whose issuer has no PSAM here, debiting nothing', async () => {
    const reader = new CardInReader({ balance: 100 });
    const terminal = terminalFor(reader);
    expect(await purchase(terminal, { amount: 101, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(InsufficientFundsError);
    const elsewhere = { ...terminal, identify: async () => ({ issuer: 'OTHER', factors: new Uint8Array(8) }) };
    const refused = await purchase(elsewhere, { amount: 10, dateTime: WHEN }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_NOT_ACCEPTABLE');
    expect(await purchase(terminal, { amount: 0, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_INPUT');
    expect(reader.card.state.balance).to.equal(100);
    expect(await terminal.journal.pending()).to.deep.equal([]);
  });

  it('power lost during DEBIT before the card wrote: in doubt, then recovered as not debited; the next purchase goes through', async () => {
    const reader = new CardInReader({ balance: 5000 });
    const terminal = terminalFor(reader);
    reader.card.powerLoss = 'before';
    const doubt = await purchase(terminal, { amount: 700, dateTime: WHEN }).catch((e: unknown) => e);
    expect(doubt).to.be.instanceOf(InDoubtError);
    expect((doubt as InDoubtError).cause).to.be.instanceOf(PowerLossError);
    expect((await terminal.journal.pending()).map((e) => e.state)).to.deep.equal(['sent']);
    reader.repower();
    const recovered = await recoverInDoubt(terminal);
    expect(recovered.map((r) => r.outcome)).to.deep.equal(['not-done']);
    expect(reader.card.state.balance).to.equal(5000);
    await purchase(terminal, { amount: 700, dateTime: WHEN });
    expect(reader.card.state.balance).to.equal(4300);
  });

  it('power lost during DEBIT after the card wrote: recovered as debited with the card\'s MAC2 and TAC, and never debited twice', async () => {
    const reader = new CardInReader({ balance: 5000 });
    const terminal = terminalFor(reader);
    reader.card.powerLoss = 'after';
    expect(await purchase(terminal, { amount: 700, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
    reader.repower();
    const [recovered] = await recoverInDoubt(terminal);
    expect(recovered?.outcome).to.equal('done');
    expect(recovered?.entry).to.include({ state: 'done', mac2Verified: false, tac: toCompactHex(reader.card.state.proofs[0]!.tac), mac2: toCompactHex(reader.card.state.proofs[0]!.mac2) });
    expect(await recoverInDoubt(terminal), 'nothing is left in doubt').to.deep.equal([]);
    expect(reader.card.state.balance).to.equal(4300);
  });

  it('keeps the journal in a file across a restart; a torn last line is not an entry', async () => {
    const file = join(await tempDir('purse-journal'), 'purchases.jsonl');
    const reader = new CardInReader({ balance: 5000 });
    reader.card.powerLoss = 'after';
    await purchase(terminalFor(reader, { journal: new FileJournal(file) }), { amount: 50, dateTime: WHEN }).catch(() => undefined);
    await appendFile(file, '{"id":"P9","state":"debi');
    // the terminal restarts: a new journal object on the same file, the card powered again
    reader.repower();
    const restarted = terminalFor(reader, { journal: new FileJournal(file) });
    expect((await restarted.journal.pending()).map((e) => e.id)).to.deep.equal(['P1']);
    expect((await recoverInDoubt(restarted)).map((r) => r.outcome)).to.deep.equal(['done']);
    expect(await new FileJournal(file).pending()).to.deep.equal([]);
  });

  it('conserves money over random purchases and power losses: balance + debited journal entries = the start, nothing left in doubt', async () => {
    const step = fc.record({ amount: fc.integer({ min: 1, max: 900 }), loss: fc.constantFrom(undefined, 'before' as const, 'after' as const) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const reader = new CardInReader({ balance: 5000 });
        const journal = new MemoryJournal();
        const terminal = terminalFor(reader, { journal, psams: new PsamPool({ slots: [{ id: 'S1', issuer: 'ISSUER-01', channel: new PsamCard() }], maxLeaseMs: 10_000 }) });
        for (const s of steps) {
          reader.card.powerLoss = s.loss;
          const result = await purchase(terminal, { amount: s.amount, dateTime: WHEN }).catch((e: unknown) => e);
          reader.card.powerLoss = undefined;
          if (result instanceof InDoubtError) {
            reader.repower();
            await recoverInDoubt(terminal);
          } else if (result instanceof Error && !(result instanceof InsufficientFundsError)) {
            throw result;
          }
        }
        expect(await journal.pending()).to.deep.equal([]);
        const ids = steps.map((_, i) => `P${i + 1}`);
        let debited = 0;
        for (const id of ids) {
          const entry = await journal.entry(id);
          if (entry?.state === 'done') debited += entry.amount;
        }
        expect(reader.card.state.balance + debited).to.equal(5000);
        const entries = await Promise.all(ids.map((id) => journal.entry(id)));
        expect(reader.card.state.offlineSeq, 'one card transaction per debited entry').to.equal(entries.filter((e) => e?.state === 'done').length);
      }),
      { numRuns: 1000 },
    );
  });
});
