import { expect } from 'chai';
import fc from 'fast-check';
import { concatBytes, parseHex, toCompactHex } from '../../src/core/hex.ts';
import { diversifyKey } from '../../src/crypto/index.ts';
import { hsmLoadAuthority, InDoubtError, InsufficientFundsError, load, LoadRefusedError, MemoryJournal, purchase, recoverInDoubt, type LoadTerminal } from '../../src/purse/index.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { EMPTY_PURSE } from '../../simulators/cards/pboc-purse/index.ts';
import { openBench, type Bench } from '../hsm/support/emulator.ts';
import { profileWith, PurseOnCard } from '../simulators/pboc-purse/support.ts';
import { ASN, CardInReader, MLK, MPK, MTK, TERMINAL, terminalFor } from './support.ts';

const CITY = parseHex('4100FF0000000000');
const HOST_TIME = '20261123203000';

describe('purse engine: load (top-up) with MAC2 from the HSM [issue 5 point 5; psam_hsm.md §2.5]', function () {
  this.timeout(60_000);
  let bench: Bench;
  let authority: ReturnType<typeof hsmLoadAuthority>;

  before(async () => {
    bench = await openBench();
    const masterLoadKey = (await bench.client.formKey({ keyType: '401', scheme: 'U', components: [MLK] })).underLmk;
    const masterTacKey = (await bench.client.formKey({ keyType: '403', scheme: 'U', components: [MTK] })).underLmk;
    authority = hsmLoadAuthority(bench.client, { masterLoadKey, masterTacKey });
  });
  after(() => bench.close());

  const loadTerminal = (reader: ApduChannel, factors = ASN): LoadTerminal => ({ ...terminalFor(reader as CardInReader), card: reader, identify: async () => ({ issuer: 'ISSUER-01', factors }), authority });

  it('credits the card: the HSM checks MAC1 and gives MAC2, the card answers its TAC, and the HSM verifies it', async () => {
    const reader = new CardInReader({ balance: 300 });
    const terminal = loadTerminal(reader);
    const receipt = await load(terminal, { amount: 5000, hostDateTime: HOST_TIME, terminal: TERMINAL });
    expect(receipt).to.include({ amount: 5000, balanceBefore: 300, balanceAfter: 5300, tacVerified: true });
    expect(reader.card.state.balance).to.equal(5300);
    expect(await terminal.journal.entry(receipt.id)).to.include({ kind: 'load', state: 'done', tac: toCompactHex(receipt.tac) });
  });

  it('with keys dispersed in two levels (city, then the card), given to the HSM outermost first', async () => {
    const derive = (master: Uint8Array) => diversifyKey(diversifyKey(master, CITY), ASN);
    const card = new PurseOnCard(profileWith({ dlk: derive(MLK), dpk: derive(MPK), dtk: derive(MTK) }), { ...EMPTY_PURSE });
    const reader = Object.assign(new CardInReader(), { card });
    const receipt = await load(loadTerminal(reader, concatBytes(ASN, CITY)), { amount: 100, hostDateTime: HOST_TIME, terminal: TERMINAL });
    expect(receipt.tacVerified).to.equal(true);
    expect(card.state.balance).to.equal(100);
  });

  it('refuses a load whose MAC1 the HSM does not verify: nothing credited, nothing journaled', async () => {
    const reader = new CardInReader({ balance: 300 });
    const tampering: ApduChannel = {
      transmit: async (command) => {
        const answer = await reader.transmit(command);
        // INITIALIZE FOR LOAD's MAC1 changed on the way
        if (command[1] === 0x50 && command[2] === 0x00 && answer.length === 18) answer[15] = answer[15]! ^ 0x01;
        return answer;
      },
    };
    const terminal = loadTerminal(tampering);
    expect(await load(terminal, { amount: 5000, hostDateTime: HOST_TIME, terminal: TERMINAL }).catch((e: unknown) => e)).to.be.instanceOf(LoadRefusedError);
    expect(reader.card.state.balance).to.equal(300);
    expect(await terminal.journal.pending()).to.deep.equal([]);
  });

  it('a power loss during CREDIT: in doubt, then recovered from the card (not done before the write, done after), never credited twice', async () => {
    for (const [loss, outcome, balance] of [['before', 'not-done', 300], ['after', 'done', 5300]] as const) {
      const reader = new CardInReader({ balance: 300 });
      const terminal = loadTerminal(reader);
      reader.card.powerLoss = loss;
      expect(await load(terminal, { amount: 5000, hostDateTime: HOST_TIME, terminal: TERMINAL }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
      reader.repower();
      const [recovered] = await recoverInDoubt(terminal);
      expect(recovered?.outcome, `power lost ${loss} the write`).to.equal(outcome);
      expect(recovered?.entry.kind).to.equal('load');
      expect(reader.card.state.balance).to.equal(balance);
      expect(await recoverInDoubt(terminal)).to.deep.equal([]);
    }
  });

  it('conserves money over random loads and purchases with power losses, and every completed purchase\'s TAC verifies at the host', async () => {
    const step = fc.record({
      kind: fc.constantFrom('load' as const, 'purchase' as const),
      amount: fc.integer({ min: 1, max: 3000 }),
      loss: fc.constantFrom(undefined, undefined, 'before' as const, 'after' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 6 }), async (steps) => {
        const reader = new CardInReader({ balance: 1000 });
        const journal = new MemoryJournal();
        const terminal = { ...terminalFor(reader, { journal }), authority };
        for (const s of steps) {
          reader.card.powerLoss = s.loss;
          const result =
            s.kind === 'load'
              ? await load(terminal, { amount: s.amount, hostDateTime: HOST_TIME, terminal: TERMINAL }).catch((e: unknown) => e)
              : await purchase(terminal, { amount: s.amount, dateTime: HOST_TIME }).catch((e: unknown) => e);
          reader.card.powerLoss = undefined;
          if (result instanceof InDoubtError) {
            reader.repower();
            await recoverInDoubt(terminal);
          } else if (result instanceof Error && !(result instanceof InsufficientFundsError)) {
            throw result;
          }
        }
        expect(await journal.pending()).to.deep.equal([]);
        let loaded = 0;
        let spent = 0;
        for (let i = 1; i <= steps.length; i++) {
          const entry = await journal.entry(`P${i}`);
          if (entry?.state !== 'done') continue;
          if (entry.kind === 'load') {
            loaded += entry.amount;
            if (entry.tacVerified !== undefined) expect(entry.tacVerified, `TAC of load ${entry.id}`).to.equal(true);
            if (entry.tac !== undefined) {
              // [psam_hsm.md §1.3] load TAC: new balance ‖ online seq before ‖ amount ‖ type ‖ terminal ‖ date ‖ time
              const hex8 = (n: number) => n.toString(16).padStart(8, '0');
              const data = concatBytes(parseHex(hex8(entry.balanceBefore + entry.amount)), parseHex(entry.seq.toString(16).padStart(4, '0')), parseHex(hex8(entry.amount)), Uint8Array.of(0x02), TERMINAL, parseHex(entry.dateTime));
              expect(await authority.verifyTac(ASN, data, parseHex(entry.tac)), `TAC of load ${entry.id}, recovered or not`).to.equal(true);
            }
          } else {
            spent += entry.amount;
            // [psam_hsm.md §1.3] purchase TAC: amount ‖ type ‖ terminal ‖ terminal seq ‖ date ‖ time
            const data = concatBytes(parseHex(entry.amount.toString(16).padStart(8, '0')), Uint8Array.of(0x06), TERMINAL, parseHex(entry.terminalSeq!), parseHex(entry.dateTime));
            expect(await authority.verifyTac(ASN, data, parseHex(entry.tac!)), `TAC of ${entry.id}`).to.equal(true);
          }
        }
        // the card's money plus what the merchant is owed is what was there plus what was loaded
        expect(reader.card.state.balance + spent).to.equal(1000 + loaded);
      }),
      { numRuns: 1000 },
    );
  });
});
