import { expect } from 'chai';
import { toCompactHex } from '../../src/core/hex.ts';
import { InDoubtError, MemoryJournal, purchase, PurseTransactionError, recoverInDoubt } from '../../src/purse/index.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { PsamPool } from '../../simulators/psam/index.ts';
import { CardInReader, ISSUER, PsamCard, terminalFor } from './support.ts';

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
    expect(recovered?.entry.tac, 'no proof left on the card').to.equal(undefined);
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
});
