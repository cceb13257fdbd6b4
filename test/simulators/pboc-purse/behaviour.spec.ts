import { expect } from 'chai';
import fc from 'fast-check';
import { concatBytes, parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { purseMac, sessionKey } from '../../../src/crypto/index.ts';
import { CHANGSHA, PowerLossError, profileWith, PurseOnCard } from './support.ts';

const hex = (bytes: Uint8Array | undefined) => (bytes ? toCompactHex(bytes) : 'none');
const u32 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');
const TERMINAL = '000001000050';
const DATE = '20261123';
const TIME = '101500';

/** The host's side of a load: MAC2 over amount ‖ type 02 ‖ terminal ‖ date ‖ time under SESLK. */
function hostMac2(card: PurseOnCard, init: Uint8Array, amount: number): string {
  const seslk = sessionKey(CHANGSHA.dlk, concatBytes(init.slice(8, 12), init.slice(4, 6), Uint8Array.of(0x80, 0x00)));
  return toCompactHex(purseMac(seslk, parseHex(`${u32(amount)} 02 ${TERMINAL} ${DATE} ${TIME}`)));
}

/** The PSAM's side of a purchase: MAC1 over amount ‖ type 06 ‖ terminal ‖ date ‖ time under SESPK. */
function psamMac1(init: Uint8Array, amount: number, terminalSeq: number): string {
  const sespk = sessionKey(CHANGSHA.dpk, concatBytes(init.slice(11, 15), init.slice(4, 6), parseHex(u32(terminalSeq)).slice(2, 4)));
  return toCompactHex(purseMac(sespk, parseHex(`${u32(amount)} 06 ${TERMINAL} ${DATE} ${TIME}`)));
}

function load(card: PurseOnCard, amount: number, options: { badMac?: boolean } = {}) {
  const init = card.send(`80 50 00 02 0B 01 ${u32(amount)} ${TERMINAL}`);
  if (init?.sw !== 0x9000) return init;
  const mac2 = options.badMac ? 'DEADBEEF' : hostMac2(card, init.data, amount);
  return card.send(`80 52 00 00 0B ${DATE} ${TIME} ${mac2}`);
}

function purchase(card: PurseOnCard, amount: number, terminalSeq: number, options: { badMac?: boolean } = {}) {
  const init = card.send(`80 50 01 02 0B 01 ${u32(amount)} ${TERMINAL}`);
  if (init?.sw !== 0x9000) return init;
  const mac1 = options.badMac ? 'DEADBEEF' : psamMac1(init.data, amount, terminalSeq);
  return card.send(`80 54 01 00 0F ${u32(terminalSeq)} ${DATE} ${TIME} ${mac1}`);
}

describe('PBOC purse application: commands and status words [psam_hsm.md §1.2, §1.6]', () => {
  it('refuses a CREDIT or DEBIT without its INITIALIZE (6985), and any other purse command ends the session', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA), { balance: 500, onlineSeq: 0, offlineSeq: 0, log: [], proofs: [] });
    expect(card.send(`80 52 00 00 0B ${DATE} ${TIME} 00000000`)?.sw).to.equal(0x6985);
    expect(card.send(`80 54 01 00 0F 00000001 ${DATE} ${TIME} 00000000`)?.sw).to.equal(0x6985);
    const init = card.send(`80 50 01 02 0B 01 ${u32(100)} ${TERMINAL}`)!;
    expect(card.send('80 5C 00 02 04')?.sw).to.equal(0x9000);
    expect(card.send(`80 54 01 00 0F 00000001 ${DATE} ${TIME} ${psamMac1(init.data, 100, 1)}`)?.sw, 'the GET BALANCE in between ended it').to.equal(0x6985);
    const again = card.send(`80 50 01 02 0B 01 ${u32(100)} ${TERMINAL}`)!;
    card.purse.reset();
    expect(card.send(`80 54 01 00 0F 00000001 ${DATE} ${TIME} ${psamMac1(again.data, 100, 1)}`)?.sw, 'a reset ended it').to.equal(0x6985);
    expect(card.state.balance).to.equal(500);
  });

  it('answers 9403 for an unknown key index, 9401 for a purchase over the balance, 6A86 for the other application, 6700 for a wrong length', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA), { balance: 500, onlineSeq: 0, offlineSeq: 0, log: [], proofs: [] });
    expect(card.send(`80 50 00 02 0B 07 ${u32(100)} ${TERMINAL}`)?.sw).to.equal(0x9403);
    expect(card.send(`80 50 01 02 0B 01 ${u32(501)} ${TERMINAL}`)?.sw).to.equal(0x9401);
    expect(card.send('80 5C 00 01 04')?.sw, 'an EP card asked for its ED balance').to.equal(0x6a86);
    expect(card.send(`80 50 01 02 0A 01 ${u32(100)} 0000010000`)?.sw).to.equal(0x6700);
    expect(card.send('00 B2 01 C4 17'), 'not a purse command: left to the card').to.equal(undefined);
    expect(hex(card.send('80 5C 00 02 04')?.data)).to.equal(u32(500));
  });

  it('refuses a wrong MAC2 or MAC1 with 9302 and changes nothing', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA), { balance: 500, onlineSeq: 3, offlineSeq: 4, log: [], proofs: [] });
    expect(load(card, 100, { badMac: true })?.sw).to.equal(0x9302);
    expect(purchase(card, 100, 9, { badMac: true })?.sw).to.equal(0x9302);
    expect(card.state).to.deep.equal({ balance: 500, onlineSeq: 3, offlineSeq: 4, log: [], proofs: [] });
  });

  it('refuses a load past the maximum balance before any MAC (6985)', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA, { maxBalance: 1000 }), { balance: 900, onlineSeq: 0, offlineSeq: 0, log: [], proofs: [] });
    expect(card.send(`80 50 00 02 0B 01 ${u32(101)} ${TERMINAL}`)?.sw).to.equal(0x6985);
    expect(load(card, 100)?.sw).to.equal(0x9000);
    expect(card.state.balance).to.equal(1000);
  });

  it('after a power loss during DEBIT: nothing written → no proof (9406); written → GET TRANSACTION PROVE gives its MAC2 ‖ TAC', () => {
    const start = { balance: 500, onlineSeq: 0, offlineSeq: 7, log: [], proofs: [] };
    const twin = new PurseOnCard(profileWith(CHANGSHA), start);
    const clean = purchase(twin, 120, 42)!;
    const [tac, mac2] = [hex(clean.data.slice(0, 4)), hex(clean.data.slice(4, 8))];

    const before = new PurseOnCard(profileWith(CHANGSHA), start);
    before.powerLoss = 'before';
    expect(() => purchase(before, 120, 42)).to.throw(PowerLossError);
    expect(before.state).to.deep.equal(start);
    expect(before.send('80 5A 00 06 02 0007')?.sw).to.equal(0x9406);

    const after = new PurseOnCard(profileWith(CHANGSHA), start);
    after.powerLoss = 'after';
    expect(() => purchase(after, 120, 42)).to.throw(PowerLossError);
    expect([after.state.balance, after.state.offlineSeq]).to.deep.equal([380, 8]);
    const prove = after.send('80 5A 00 06 02 0007');
    expect([prove?.sw, hex(prove?.data)]).to.deep.equal([0x9000, mac2 + tac]);
    expect(after.send('80 5A 00 06 02 0008')?.sw, 'the seq INITIALIZE returned, not the next').to.equal(0x9406);
  });

  it('takes the next sequence number in GET TRANSACTION PROVE when the profile says so', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA, { variant: { proveSequence: 'next' } }), { balance: 500, onlineSeq: 0, offlineSeq: 7, log: [], proofs: [] });
    const debit = purchase(card, 120, 42)!;
    expect(hex(card.send('80 5A 00 06 02 0008')?.data)).to.equal(hex(concatBytes(debit.data.slice(4, 8), debit.data.slice(0, 4))));
    expect(card.send('80 5A 00 06 02 0007')?.sw).to.equal(0x9406);
  });

  it('conserves money: the balance is the start plus the committed loads minus the committed purchases, whatever MACs and power losses come', () => {
    type Step = { kind: 'load' | 'purchase'; amount: number; badMac: boolean; loss: 'before' | 'after' | undefined };
    const step = fc.record({
      kind: fc.constantFrom('load' as const, 'purchase' as const),
      amount: fc.integer({ min: 0, max: 5000 }),
      badMac: fc.boolean(),
      loss: fc.constantFrom(undefined, 'before' as const, 'after' as const),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps: Step[]) => {
        const card = new PurseOnCard(profileWith(CHANGSHA, { maxBalance: 20_000 }), { balance: 1000, onlineSeq: 0, offlineSeq: 0, log: [], proofs: [] });
        let expected = 1000;
        let loads = 0;
        let purchases = 0;
        steps.forEach((s, i) => {
          const before = card.state;
          card.powerLoss = s.loss;
          let answered: number | undefined;
          try {
            answered = (s.kind === 'load' ? load(card, s.amount, { badMac: s.badMac }) : purchase(card, s.amount, i + 1, { badMac: s.badMac }))?.sw;
          } catch (error) {
            if (!(error instanceof PowerLossError)) throw error;
          }
          card.powerLoss = undefined;
          const committed = card.state !== before;
          if (committed) {
            expected += s.kind === 'load' ? s.amount : -s.amount;
            if (s.kind === 'load') loads++;
            else purchases++;
          }
          // a 9000 only for a commit, a commit only with good MACs, and never a commit the power loss prevented
          if (answered === 0x9000) expect(committed).to.equal(true);
          if (s.badMac || s.loss === 'before') expect(committed).to.equal(false);
          expect(card.state.balance).to.equal(expected);
          expect([card.state.onlineSeq, card.state.offlineSeq]).to.deep.equal([loads, purchases]);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
