import { expect } from 'chai';
import { parseHex, toHex } from '../../src/core/hex.ts';
import { createRandom } from '../../src/core/random.ts';
import { exchange } from '../../src/reader/exchange.ts';
import { diversifyKey } from '../../src/crypto/index.ts';
import { MemoryJournal, purchase, InDoubtError, recoverInDoubt, type PurseTerminal } from '../../src/purse/index.ts';
import { cpuCardFromProfile, type CpuCardEmulator } from '../../simulators/cards/cpu/index.ts';
import type { CpuCardProfile } from '../../simulators/cards/cpu/profile/types.ts';
import { pbocPurseApplication } from '../../simulators/cards/pboc-purse/index.ts';
import { PsamPool, psamApplication } from '../../simulators/psam/index.ts';
import { purseCardProfile } from '../simulators/pboc-purse/support.ts';
import { AID, ASN, ISSUER, MLK, MPK, MTK, TERMINAL } from './support.ts';

/** A PSAM card: its application on the MF, the terminal number in EF 0016, the sequence in EF 0019, the issuer's master keys. */
function psamCardProfile(protocol: 'T=0' | 'T=1'): CpuCardProfile {
  return {
    format: 'stbpay-cpu-profile/1',
    protocol,
    mf: {
      application: 'psam',
      keys: [
        { id: 1, type: '3DES', usage: 'purchase', version: 1, value: toHex(MPK) },
        { id: 1, type: '3DES', usage: 'tac', version: 1, value: toHex(MTK) },
      ],
      files: [
        { kind: 'transparent', fid: '0016', sfi: 22, size: 6, data: toHex(TERMINAL), read: 'always', update: 'never' },
        { kind: 'transparent', fid: '0019', size: 4, read: 'never', update: 'never' },
      ],
    },
  };
}

async function powered(card: CpuCardEmulator): Promise<CpuCardEmulator> {
  await card.powerOn();
  return card;
}

/** The purse card (keys dispersed from the issuer's master keys with the card's serial number) and a PSAM card, both emulated CPU cards. */
async function cards(protocol: 'T=0' | 'T=1', balance: number) {
  const derive = (master: Uint8Array) => diversifyKey(master, ASN);
  const purseCard = await powered(
    cpuCardFromProfile(purseCardProfile(protocol, { dlk: derive(MLK), dpk: derive(MPK), dtk: derive(MTK) }, balance), 'purse card', {
      random: createRandom(11),
      applications: { 'pboc-purse': pbocPurseApplication({ application: 'EP', overdraftLimit: 0, maxBalance: 0xffffffff, variant: { proveSequence: 'used' } }) },
    }),
  );
  const psamCard = await powered(cpuCardFromProfile(psamCardProfile(protocol), 'PSAM', { applications: { psam: psamApplication() } }));
  let n = 0;
  const terminal: PurseTerminal = {
    card: purseCard,
    psams: new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: psamCard }], maxLeaseMs: 10_000 }),
    aid: AID,
    kind: 'EP',
    journal: new MemoryJournal(),
    proveSequence: 'used',
    identify: async () => ({ issuer: ISSUER, factors: ASN }),
    newId: () => `P${++n}`,
  };
  const balanceOf = async () => {
    await exchange(purseCard, parseHex(`00 A4 04 00 09 ${toHex(AID)}`));
    const answer = await exchange(purseCard, parseHex('80 5C 00 02 04'));
    return new DataView(answer.data.buffer, answer.data.byteOffset).getUint32(0);
  };
  return { purseCard, psamCard, terminal, balanceOf };
}

for (const protocol of ['T=0', 'T=1'] as const) {
  describe(`purse engine on emulated CPU cards, ${protocol} [issue 5 points 2, 3, 5]`, () => {
    it('buys with a PSAM card: MAC1 from the PSAM, MAC2 checked by it, the PSAM\'s sequence counted in its EF', async () => {
      const { terminal, balanceOf, psamCard } = await cards(protocol, 10_000);
      const receipt = await purchase(terminal, { amount: 2500, dateTime: '20261123101500' });
      expect(receipt).to.include({ balanceBefore: 10_000, balanceAfter: 7500 });
      expect(await balanceOf()).to.equal(7500);
      const second = await purchase(terminal, { amount: 500, dateTime: '20261123101600' });
      expect(toHex(second.terminalSeq)).to.equal('00 00 00 02');
      expect(psamCard.toProfile().mf.files?.find((f) => 'fid' in f && f.fid === '0019')).to.deep.include({ data: '00 00 00 02' });
    });

    it('a power loss in the card during DEBIT: rolled back by the card, in doubt for the terminal, recovered as not debited, then bought again', async () => {
      const { terminal, balanceOf, purseCard } = await cards(protocol, 10_000);
      purseCard.faults.powerLossAfter(2);
      expect(await purchase(terminal, { amount: 2500, dateTime: '20261123101500' }).catch((e: unknown) => e)).to.be.instanceOf(InDoubtError);
      await purseCard.powerOn();
      expect((await recoverInDoubt(terminal)).map((r) => r.outcome)).to.deep.equal(['not-done']);
      expect(await balanceOf()).to.equal(10_000);
      await purchase(terminal, { amount: 2500, dateTime: '20261123101700' });
      expect(await balanceOf()).to.equal(7500);
    });

    it('a power loss at every byte the DEBIT writes: each time the money ends exactly once on one side', async () => {
      // how many bytes a DEBIT writes on this card: counted on a purchase without a fault
      const probe = await cards(protocol, 10_000);
      const before = probe.purseCard.nvm.bytesWritten;
      await purchase(probe.terminal, { amount: 2500, dateTime: '20261123101500' });
      const debitBytes = probe.purseCard.nvm.bytesWritten - before;
      expect(debitBytes, 'the DEBIT writes the purse data and the log').to.be.greaterThan(20);
      for (let n = 0; n <= debitBytes; n++) {
        const { terminal, balanceOf, purseCard } = await cards(protocol, 10_000);
        purseCard.faults.powerLossAfter(n);
        const result = await purchase(terminal, { amount: 2500, dateTime: '20261123101500' }).catch((e: unknown) => e);
        purseCard.faults.clear();
        if (result instanceof InDoubtError) {
          await purseCard.powerOn();
          await recoverInDoubt(terminal);
        } else if (result instanceof Error) {
          throw result;
        }
        const [entry] = [await terminal.journal.entry('P1')];
        const spent = entry?.state === 'done' ? entry.amount : 0;
        expect(await terminal.journal.pending(), `power lost after byte ${n}`).to.deep.equal([]);
        expect((await balanceOf()) + spent, `power lost after byte ${n}`).to.equal(10_000);
        expect(spent, `only a loss after the last byte lets the debit through (byte ${n} of ${debitBytes})`).to.equal(n >= debitBytes ? 2500 : 0);
      }
    });
  });
}
