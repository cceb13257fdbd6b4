import { expect } from 'chai';
import { concatBytes, parseHex, toCompactHex } from '../../src/core/hex.ts';
import { diversifyKey, foldTacKey, purseMac, sessionKey } from '../../src/crypto/index.ts';
import { FileJournal, InDoubtError, load, MemoryJournal, purchase, PurseTransactionError, recoverInDoubt, type LoadMacRequest } from '../../src/purse/index.ts';
import { encodeRecord } from '../../simulators/cards/pboc-purse/index.ts';
import { tempDir } from '../setup/temp-dirs.ts';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { PsamPool } from '../../simulators/psam/index.ts';
import { ASN, CardInReader, ISSUER, MLK, MTK, PsamCard, TERMINAL, terminalFor } from './support.ts';

const WHEN = '20261123101500';

/**
 * Transactions in doubt that a simple "ask the card right away" would get wrong: the terminal buys
 * again first, the card travels to other terminals meanwhile, the PSAM fails after the card has
 * debited, the card answers 61 08 and then loses the data. [review of issue 5; psam_hsm.md §2.3 step 5]
 */
/** A purchase left in doubt after the card wrote it, then `purchases` more at another terminal (its own journal). */
async function doubtThenElsewhere(purchases: number) {
  const reader = new CardInReader({ balance: 50_000 });
  const here = terminalFor(reader);
  reader.card.powerLoss = 'after';
  await purchase(here, { amount: 700, dateTime: WHEN }).catch(() => undefined);
  reader.repower();
  const elsewhere = terminalFor(reader, { journal: new MemoryJournal() });
  for (let i = 0; i < purchases; i++) await purchase(elsewhere, { amount: 10, dateTime: `2026112311${String(i).padStart(2, '0')}00` });
  return { reader, here };
}

describe('purse engine: transactions in doubt [issue 5 point 5]', () => {
  for (const [loss, first] of [['before', 'not-done'], ['after', 'done']] as const) {
    it(`a new purchase settles the one in doubt first (power lost ${loss} the write): each debited once`, async () => {
      const reader = new CardInReader({ balance: 5000 });
      const terminal = terminalFor(reader);
      reader.card.powerLoss = loss;
      expect(await purchase(terminal, { amount: 700, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
      reader.repower();
      await purchase(terminal, { amount: 300, dateTime: '20261123101600' });
      expect((await terminal.journal.entry('P1'))?.state).to.equal(first);
      expect((await terminal.journal.entry('P2'))?.state).to.equal('done');
      expect(reader.card.state.balance).to.equal(5000 - 300 - (first === 'done' ? 700 : 0));
    });
  }

  it('the card bought elsewhere meanwhile (its proof pushed out): the log still shows the purchase, so it is done', async () => {
    // nine purchases elsewhere push P1's proof out of the card's eight; its log record (of ten) stays
    const { reader, here } = await doubtThenElsewhere(9);
    const [recovered] = await recoverInDoubt(here);
    expect(recovered?.outcome).to.equal('done');
    // no proof left on the card: the PSAM recomputed the TAC the card had computed
    const entry = recovered!.entry;
    const dtk = foldTacKey(diversifyKey(MTK, ASN));
    const expected = purseMac(dtk, concatBytes(parseHex('000002BC 06'), parseHex(entry.terminal), parseHex(entry.terminalSeq!), parseHex(entry.dateTime)));
    expect(entry).to.include({ tac: toCompactHex(expected), tacRecomputed: true });
    expect(reader.card.state.balance).to.equal(50_000 - 700 - 90);
  });

  it('the card bought elsewhere until its log no longer reaches back: left in doubt for a person, not guessed', async () => {
    const { here } = await doubtThenElsewhere(10);
    const stuck = await recoverInDoubt(here).catch((e: unknown) => e);
    expect(stuck).to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_IN_DOUBT');
    expect((await here.journal.pending()).map((e) => e.id)).to.deep.equal(['P1']);
    // and no new purchase at this terminal until it is settled
    expect(await purchase(here, { amount: 1, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_IN_DOUBT');
  });

  it('the PSAM fails after the card debited: the purchase is journaled done with its TAC, and the caller is told', async () => {
    const reader = new CardInReader({ balance: 5000 });
    const psam = new PsamCard();
    const failing: ApduChannel = {
      transmit: async (command) => {
        if (command[1] === 0x72) throw new Error('PSAM pulled');
        return psam.transmit(command);
      },
    };
    const terminal = terminalFor(reader, { psams: new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: failing }], maxLeaseMs: 10_000 }) });
    const error = await purchase(terminal, { amount: 700, dateTime: WHEN }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_MAC2');
    expect(await terminal.journal.entry('P1')).to.deep.include({ state: 'done', mac2Verified: false, tac: toCompactHex(reader.card.state.proofs[0]!.tac) });
    expect(reader.card.state.balance).to.equal(4300);
  });

  it('the card answers 61 08 to DEBIT and then loses the data: in doubt, not "refused", and recovered as done', async () => {
    const reader = new CardInReader({ balance: 5000 });
    let lose = false;
    const t0: ApduChannel = {
      transmit: async (command) => {
        if (command[1] === 0x54) {
          await reader.transmit(command); // the card debits
          lose = true;
          return Uint8Array.of(0x61, 0x08);
        }
        if (lose && command[1] === 0xc0) {
          lose = false;
          return Uint8Array.of(0x6f, 0x00);
        }
        return reader.transmit(command);
      },
    };
    const terminal = { ...terminalFor(reader), card: t0 };
    expect(await purchase(terminal, { amount: 700, dateTime: WHEN }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
    expect((await terminal.journal.entry('P1'))?.state).to.equal('sent');
    const [recovered] = await recoverInDoubt(terminal);
    expect(recovered?.outcome).to.equal('done');
    expect(reader.card.state.balance).to.equal(4300);
    expect(recovered?.entry.tac).to.equal(toCompactHex(reader.card.state.proofs[0]!.tac));
  });

  it('loads logged in a file of their own: with the load log named it is done; without it, a proof the log cannot place stays in doubt', async () => {
    // a card that keeps loads in SFI 1A and purchases in SFI 18 (the Changsha layout, psam_hsm.md §1.5)
    const reader = new CardInReader({ balance: 300 });
    const split: ApduChannel = {
      transmit: async (command) => {
        if (command[1] === 0xb2 && (command[3] === ((0x18 << 3) | 4) || command[3] === ((0x1a << 3) | 4))) {
          const loads = command[3] === ((0x1a << 3) | 4);
          const records = reader.card.state.log.filter((r) => (r.type === 0x02) === loads);
          const n = command[2]!;
          if (n < 1 || n > 10) return Uint8Array.of(0x6a, 0x83);
          const record = records[n - 1];
          return concatBytes(record ? encodeRecord(record) : new Uint8Array(23), Uint8Array.of(0x90, 0x00));
        }
        return reader.transmit(command);
      },
    };
    const base = { ...terminalFor(reader), card: split, authority: await fakeAuthority() };
    reader.card.powerLoss = 'after';
    expect(await load(base, { amount: 5000, hostDateTime: WHEN, terminal: TERMINAL }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
    reader.repower();
    const stuck = await recoverInDoubt(base).catch((e: unknown) => e);
    expect(stuck, 'proof 9000, the purchase log has no load: never "not done"').to.be.instanceOf(PurseTransactionError).with.property('code', 'STBPAY_ERR_PURSE_IN_DOUBT');
    const [recovered] = await recoverInDoubt({ ...base, loadLogSfi: 0x1a });
    expect(recovered?.outcome).to.equal('done');
    expect(reader.card.state.balance).to.equal(5300);
  });

  it('settles only the entries of this very card (issuer and every factor), by the type it stored', async () => {
    const reader = new CardInReader({ balance: 5000 });
    const journal = new MemoryJournal();
    const ep = terminalFor(reader, { journal });
    reader.card.powerLoss = 'after';
    await purchase(ep, { amount: 700, dateTime: WHEN }).catch(() => undefined);
    reader.repower();
    // the same serial number from another issuer is another card: its entry is not settled here
    expect(await recoverInDoubt({ ...ep, identify: async () => ({ issuer: 'ISSUER-02', factors: ASN }) })).to.deep.equal([]);
    expect(await recoverInDoubt({ ...ep, identify: async () => ({ issuer: ISSUER, factors: concatBytes(ASN, parseHex('4100FF0000000000')) }) })).to.deep.equal([]);
    // a terminal set for the electronic deposit still asks about the EP purchase the entry names
    const [recovered] = await recoverInDoubt({ ...ep, kind: 'ED' });
    expect(recovered?.outcome).to.equal('done');
  });

  it('two purchases on one card at once: the journal agrees with the card, nothing left in doubt', async () => {
    const reader = new CardInReader({ balance: 5000 });
    const pool = new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: new PsamCard() }, { id: 'S2', issuer: ISSUER, channel: new PsamCard() }], maxLeaseMs: 10_000 });
    const terminal = terminalFor(reader, { psams: pool });
    await Promise.all([purchase(terminal, { amount: 700, dateTime: WHEN }).catch(() => undefined), purchase(terminal, { amount: 300, dateTime: WHEN }).catch(() => undefined)]);
    await recoverInDoubt(terminal);
    expect(await terminal.journal.pending()).to.deep.equal([]);
    let done = 0;
    for (const id of ['P1', 'P2']) {
      const entry = await terminal.journal.entry(id);
      if (entry?.state === 'done') done += entry.amount;
    }
    expect(5000 - reader.card.state.balance).to.equal(done);
  });

  it('a journal write that failed half-way never glues the next record onto the torn line', async () => {
    const file = join(await tempDir('purse-journal'), 'journal.jsonl');
    const journal = new FileJournal(file);
    const entry = (id: string, state: 'sent' | 'done') => ({ id, kind: 'purchase' as const, state, issuer: ISSUER, cardFactors: '00', type: 6, amount: 1, balanceBefore: 1, seq: 0, terminal: '00', dateTime: WHEN });
    await journal.record(entry('P1', 'sent'));
    await appendFile(file, '{"id":"P1","state":"do'); // a write the disk refused half-way
    await journal.record(entry('P2', 'sent'));
    const reopened = new FileJournal(file);
    expect((await reopened.pending()).map((e) => e.id)).to.deep.equal(['P1', 'P2']);
  });
});

/** An authority that takes any MAC1 and gives the MAC2 the card expects (the test knows the card's keys). */
async function fakeAuthority() {
  const dlk = diversifyKey(MLK, ASN);
  return {
    mac2: async (r: LoadMacRequest) => purseMac(sessionKey(dlk, concatBytes(r.random, r.onlineSeq, parseHex('8000'))), concatBytes(r.amount, Uint8Array.of(r.type), r.terminal, parseHex(r.hostDate + r.hostTime))),
    verifyTac: async () => true,
  };
}
