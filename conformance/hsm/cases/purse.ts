import { checkBytes, type ConformanceCase } from '../../framework/case.ts';
import { concatBytes, parseHex } from '../../../src/core/hex.ts';
import { diversifyKey, foldTacKey, purseMac, sessionKey, tdes } from '../../../src/crypto/index.ts';
import * as commands from '../../../src/hsm/commands/index.ts';
import type { KeyToken } from '../../../src/hsm/keys.ts';
import { withHsm, type HsmSession } from '../session.ts';
import type { HsmTarget } from '../target.ts';
import { CHANGSHA_CARD, CHANGSHA_GOLDEN, CHANGSHA_LOAD, CHANGSHA_MAC1_INPUT, CHANGSHA_TAC_INPUT, flipped, underZmk, ZMK_CLEAR } from '../vectors.ts';
import { formClear, formZmk, kcvOf } from './keys.ts';

/** The real card's DLK and DTK brought in under the suite's ZMK (A6), as an issuer would. */
async function importCardKeys(session: HsmSession, zmk: KeyToken): Promise<{ dlk: KeyToken; dtk: KeyToken }> {
  const dlk = await session.ok(commands.importKey, { keyType: '411', zmk, underZmk: underZmk('U', CHANGSHA_CARD.dlk), checkValue: kcvOf(CHANGSHA_CARD.dlk) }, 'A6 import the real card\'s DLK');
  const dtk = await session.ok(commands.importKey, { keyType: '413', zmk, underZmk: underZmk('U', CHANGSHA_CARD.dtk), checkValue: kcvOf(CHANGSHA_CARD.dtk) }, 'A6 import the real card\'s DTK');
  return { dlk: dlk.underLmk, dtk: dtk.underLmk };
}

const bcd = (digits: string): Uint8Array => parseHex(digits);

export const purseCases: ConformanceCase<HsmTarget>[] = [
  {
    id: 'HSM-PURSE-PL-001',
    clause: 'docs/hsm.md §6 PL, PT, §7; psam_hsm.md §1.8 A (the Changsha card\'s load)',
    title: 'PL verifies the real card\'s MAC1 06B1BEF5 and returns the MAC2 the card accepted, 0641DCD8; PT verifies its TAC ED0F8755',
    tags: ['purse', 'PL', 'PT', 'golden'],
    async run(context) {
      await withHsm(context, async (session) => {
        const { dlk, dtk } = await importCardKeys(session, await formZmk(session));
        const mac2 = await session.ok(commands.purseLoad, { keyType: '411', key: dlk, factors: [], ...CHANGSHA_LOAD, mac1: CHANGSHA_GOLDEN.mac1 }, 'PL of the real card\'s load');
        checkBytes(mac2, CHANGSHA_GOLDEN.mac2, 'PL MAC2');
        await session.ok(commands.verifyTac, { keyType: '413', key: dtk, factors: [], data: CHANGSHA_TAC_INPUT, tac: CHANGSHA_GOLDEN.tac }, 'PT of the real card\'s TAC');
      });
    },
  },
  {
    id: 'HSM-PURSE-KS-001',
    clause: 'docs/hsm.md §6 KS, A8, M6, PG; psam_hsm.md §1.3, §1.8 A',
    title: 'KS derives the real card\'s SESLK (exported under the ZMK: 3C05F429713D0188); M6 under it gives MAC1 06B1BEF5; PG gives TAC ED0F8755',
    tags: ['purse', 'KS', 'M6', 'PG', 'golden'],
    async run(context) {
      await withHsm(context, async (session) => {
        const zmk = await formZmk(session);
        const { dlk, dtk } = await importCardKeys(session, zmk);
        const input = concatBytes(CHANGSHA_LOAD.random, CHANGSHA_LOAD.onlineSeq, Uint8Array.of(0x80, 0x00));
        const seslk = await session.ok(commands.sessionKey, { keyType: '411', key: dlk, factors: [], input }, 'KS the load session key');
        const exported = await session.ok(commands.exportKey, { keyType: '420', zmk, underLmk: seslk.underLmk }, 'A8 export SESLK under the ZMK');
        checkBytes(tdes(ZMK_CLEAR).decryptEcb(exported.underZmk.cryptogram), CHANGSHA_GOLDEN.seslk, 'SESLK');
        const mac1 = await session.ok(commands.generateMac, { algorithm: 1, padding: 2, macLength: 4, keyType: '420', key: seslk.underLmk, iv: new Uint8Array(8), data: CHANGSHA_MAC1_INPUT }, 'M6 the card\'s MAC1 under SESLK');
        checkBytes(mac1, CHANGSHA_GOLDEN.mac1, 'MAC1 from M6');
        checkBytes(await session.ok(commands.generateTac, { keyType: '413', key: dtk, factors: [], data: CHANGSHA_TAC_INPUT }, 'PG the load TAC'), CHANGSHA_GOLDEN.tac, 'TAC from PG');
      });
    },
  },
  {
    id: 'HSM-PURSE-PL-002',
    clause: 'docs/hsm.md §6 PL, PT, KS, PG errors; §4 01, 05',
    title: 'PL refuses MAC1 with any one byte changed and a balance the card did not sign (01 MAC1, no MAC2); PT a changed TAC (01 TAC); PL with a master key and no levels, KS with a TAC key, PG with a load key (05 key type)',
    tags: ['purse', 'PL', 'PT', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const { dlk, dtk } = await importCardKeys(session, await formZmk(session));
        const load = { keyType: '411', key: dlk, factors: [], ...CHANGSHA_LOAD, mac1: CHANGSHA_GOLDEN.mac1 } as const;
        for (let i = 0; i < 4; i++) await session.refusedRequest(commands.purseLoad, { ...load, mac1: flipped(CHANGSHA_GOLDEN.mac1, i) }, '01', 'MAC1', `PL with MAC1 byte ${i} changed`);
        await session.refusedRequest(commands.purseLoad, { ...load, balance: parseHex('00000001') }, '01', 'MAC1', 'PL with balance 00000001');
        for (let i = 0; i < 4; i++) await session.refusedRequest(commands.verifyTac, { keyType: '413', key: dtk, factors: [], data: CHANGSHA_TAC_INPUT, tac: flipped(CHANGSHA_GOLDEN.tac, i) }, '01', 'TAC', `PT with TAC byte ${i} changed`);
        const master = await formClear(session, '401', 'U', CHANGSHA_CARD.dlk, 'a master load key');
        await session.refusedRequest(commands.purseLoad, { ...load, keyType: '401', key: master }, '05', 'key type', 'PL with key type 401 and no dispersion');
        await session.refusedRequest(commands.sessionKey, { keyType: '413', key: dtk, factors: [], input: new Uint8Array(8) }, '05', 'key type', 'KS with a TAC key');
        await session.refusedRequest(commands.generateTac, { keyType: '411', key: dlk, factors: [], data: CHANGSHA_TAC_INPUT }, '05', 'key type', 'PG with a load key');
      });
    },
  },
  {
    id: 'HSM-PURSE-PL-003',
    clause: 'docs/hsm.md §6 PL, PT, §7 (master keys with two levels of dispersion); psam_hsm.md §1.3',
    title: 'a random load of a card under random master keys (two levels): PL returns the MAC2 the suite computes from the card\'s keys; PT verifies the suite\'s TAC',
    tags: ['purse', 'PL', 'PT'],
    async run(context) {
      const { random } = context;
      await withHsm(context, async (session) => {
        const mlkClear = random.bytes(16);
        const mtkClear = random.bytes(16);
        const factors = [random.bytes(8), random.bytes(8)];
        const mlk = await formClear(session, '401', 'U', mlkClear, 'a random master load key');
        const mtk = await formClear(session, '403', 'U', mtkClear, 'a random master TAC key');
        const dlk = diversifyKey(diversifyKey(mlkClear, factors[0]!), factors[1]!);
        const dtk = diversifyKey(diversifyKey(mtkClear, factors[0]!), factors[1]!);
        const load = { random: random.bytes(4), onlineSeq: random.bytes(2), balance: random.bytes(4), amount: random.bytes(4), transactionType: 0x02, terminal: random.bytes(6), hostDate: '20261123', hostTime: '181500' };
        const seslk = sessionKey(dlk, concatBytes(load.random, load.onlineSeq, Uint8Array.of(0x80, 0x00)));
        const type = Uint8Array.of(load.transactionType);
        const mac1 = purseMac(seslk, concatBytes(load.balance, load.amount, type, load.terminal));
        const mac2 = await session.ok(commands.purseLoad, { keyType: '401', key: mlk, factors, ...load, mac1 }, 'PL under the master load key, two levels');
        checkBytes(mac2, purseMac(seslk, concatBytes(load.amount, type, load.terminal, bcd(load.hostDate), bcd(load.hostTime))), 'PL MAC2');
        const tacInput = concatBytes(random.bytes(4), load.onlineSeq, load.amount, type, load.terminal, bcd(load.hostDate), bcd(load.hostTime));
        await session.ok(commands.verifyTac, { keyType: '403', key: mtk, factors, data: tacInput, tac: purseMac(foldTacKey(dtk), tacInput) }, 'PT under the master TAC key, two levels');
      });
    },
  },
];
