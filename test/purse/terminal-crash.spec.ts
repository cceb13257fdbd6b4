import { expect } from 'chai';
import { MemoryJournal, purchase, recoverInDoubt, type PurseEntry, type PurseJournal } from '../../src/purse/index.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { PsamPool } from '../../simulators/psam/index.ts';
import { CardInReader, ISSUER, PsamCard, terminalFor } from './support.ts';

class TerminalCrash extends Error {}

/**
 * The terminal itself loses power (the STB is switched off) after its k-th step of a purchase: every
 * card and PSAM command and every journal write counts as one. The card, the PSAM and the journal's
 * durable records survive; the engine's memory does not. [issue 5, Done when]
 */
class Steps {
  count = 0;
  constructor(private readonly crashAt: number) {}

  step(): void {
    if (this.count++ === this.crashAt) throw new TerminalCrash(`terminal lost power at step ${this.crashAt}`);
  }

  channel(inner: ApduChannel): ApduChannel {
    return { transmit: async (command) => (this.step(), inner.transmit(command)) };
  }

  journal(inner: PurseJournal): PurseJournal {
    return {
      record: async (entry: PurseEntry) => (this.step(), inner.record(entry)),
      pending: () => inner.pending(),
      entry: (id) => inner.entry(id),
    };
  }
}

/** The crash, wherever the engine wrapped it (an InDoubtError's cause, say). */
function crashedIn(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof TerminalCrash) return true;
  return false;
}

describe('purse engine: the terminal loses power at every step of a purchase [issue 5, Done when]', () => {
  it('after a restart and recovery, the money is on exactly one side every time', async () => {
    const attempt = async (crashAt: number) => {
      const reader = new CardInReader({ balance: 5000 });
      const psam = new PsamCard();
      const journal = new MemoryJournal();
      const steps = new Steps(crashAt);
      const pool = new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: steps.channel(psam) }], maxLeaseMs: 10_000 });
      const before = terminalFor(reader, { journal: steps.journal(journal), psams: pool });
      const result = await purchase({ ...before, card: steps.channel(reader) }, { amount: 700, dateTime: '20261123101500' }).catch((e: unknown) => e);
      if (result instanceof Error && !crashedIn(result)) throw result;
      return { reader, psam, journal, steps };
    };
    // the number of steps of a purchase that goes through
    const total = (await attempt(Number.POSITIVE_INFINITY)).steps.count;
    expect(total, 'SELECT, PSAM terminal number, INITIALIZE, INIT SAM, journal, DEBIT, journal, CREDIT SAM, journal').to.be.at.least(9);

    for (let k = 0; k <= total; k++) {
      const { reader, psam, journal } = await attempt(k);

      // power back: the card was reset with the reader, the terminal starts afresh on its journal
      reader.repower();
      const after = terminalFor(reader, { journal, psams: new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: psam }], maxLeaseMs: 10_000 }) });
      await recoverInDoubt(after);
      expect(await journal.pending(), `crash at step ${k}`).to.deep.equal([]);
      const entry = await journal.entry('P1');
      const debited = 5000 - reader.card.state.balance;
      expect([0, 700], `crash at step ${k}: debited once or not at all`).to.include(debited);
      // the terminal's record says what the card did: done exactly when the card has debited
      if (entry) expect(entry.state === 'done', `crash at step ${k}: journal ${entry.state}, card debited ${debited}`).to.equal(debited === 700);
      else expect(debited, `crash at step ${k}: nothing journaled, so nothing may be debited`).to.equal(0);
      // and a purchase afterwards goes through once
      await purchase(after, { amount: 100, dateTime: '20261123101600' });
      expect(5000 - reader.card.state.balance).to.equal(debited + 100);
    }
  });
});
