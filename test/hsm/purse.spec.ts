import { expect } from 'chai';
import { concatBytes, parseHex, toCompactHex } from '../../src/core/hex.ts';
import { diversifyKey, foldTacKey, keyCheckValue, purseMac, sessionKey, tdes } from '../../src/crypto/index.ts';
import type { LoadRequest } from '../../src/hsm/index.ts';
import { openBench, underTestZmk, ZMK_CLEAR, type Bench } from './support/emulator.ts';
import { expectRefusal } from './support/expect-refusal.ts';
import { CHANGSHA_CARD, CHANGSHA_LOAD } from '../../conformance/hsm/vectors.ts';

/**
 * The real-card load of psam_hsm.md §1.8 A: a Huada/CIU chip of the Changsha metro,
 * ConardLKL/ChangSha@2c2754fc `doc/华大智宝/CSMetroScriptandLog_20151102/t1_initAndActive.py` (keys)
 * and `t2_load.txt` (log). The keys there are the card's own (already dispersed) keys.
 */
const CARD = CHANGSHA_CARD;
const LOAD = CHANGSHA_LOAD;
const GOLDEN = { seslk: '3C05F429713D0188', mac1: '06B1BEF5', mac2: '0641DCD8', tac: 'ED0F8755' };
/** The card's load TAC input: balance after ‖ online seq before ‖ amount ‖ type ‖ terminal ‖ date ‖ time. [§1.3] */
const TAC_INPUT = parseHex('00001C37 0000 00001C37 02 000001000050 20140825 103100');

describe('HSM emulator over TCP: the purse load (MAC1 verify, MAC2) and TAC verify [psam_hsm.md §1.3, §2.5]', () => {
  let bench: Bench;
  beforeEach(async () => {
    bench = await openBench();
  });
  afterEach(() => bench.close());

  it('reproduces the real card: the card keys imported under the ZMK, MAC1 06B1BEF5 verifies, MAC2 is 0641DCD8, TAC ED0F8755 verifies', async () => {
    const { client, zmk } = bench;
    const dlk = await client.importKey({ keyType: '411', zmk, underZmk: underTestZmk('U', CARD.dlk), checkValue: keyCheckValue(tdes(CARD.dlk)) });
    const dtk = await client.importKey({ keyType: '413', zmk, underZmk: underTestZmk('U', CARD.dtk), checkValue: keyCheckValue(tdes(CARD.dtk)) });
    const mac2 = await client.purseLoad({ keyType: '411', key: dlk.underLmk, factors: [], ...LOAD, mac1: parseHex(GOLDEN.mac1) });
    expect(toCompactHex(mac2)).to.equal(GOLDEN.mac2);
    await client.verifyTac({ keyType: '413', key: dtk.underLmk, factors: [], data: TAC_INPUT, tac: parseHex(GOLDEN.tac) });
  });

  it('reproduces the real card\'s SESLK (KS, exported under the ZMK), its MAC1 (M6 under SESLK) and its TAC (PG)', async () => {
    const { client, zmk } = bench;
    const dlk = (await client.importKey({ keyType: '411', zmk, underZmk: underTestZmk('U', CARD.dlk), checkValue: keyCheckValue(tdes(CARD.dlk)) })).underLmk;
    const dtk = (await client.importKey({ keyType: '413', zmk, underZmk: underTestZmk('U', CARD.dtk), checkValue: keyCheckValue(tdes(CARD.dtk)) })).underLmk;
    const seslk = await client.sessionKey({ keyType: '411', key: dlk, factors: [], input: concatBytes(LOAD.random, LOAD.onlineSeq, parseHex('8000')) });
    const exported = await client.exportKey({ keyType: '420', zmk, underLmk: seslk.underLmk });
    expect(toCompactHex(tdes(ZMK_CLEAR).decryptEcb(exported.underZmk.cryptogram))).to.equal(GOLDEN.seslk);
    // the purse MAC is ISO/IEC 9797-1 algorithm 1, padding 2, left 4 bytes, under the single-DES session key
    const mac1 = await client.generateMac({
      algorithm: 1, padding: 2, macLength: 4, keyType: '420', key: seslk.underLmk, iv: new Uint8Array(8),
      data: concatBytes(LOAD.balance, LOAD.amount, Uint8Array.of(LOAD.transactionType), LOAD.terminal),
    });
    expect(toCompactHex(mac1)).to.equal(GOLDEN.mac1);
    expect(toCompactHex(await client.generateTac({ keyType: '413', key: dtk, factors: [], data: TAC_INPUT }))).to.equal(GOLDEN.tac);
  });

  it('refuses the real card\'s load when MAC1 is off by one bit (01, no MAC2), or the TAC is (01)', async () => {
    const { client } = bench;
    const dlk = (await client.formKey({ keyType: '411', scheme: 'U', components: [CARD.dlk] })).underLmk;
    const dtk = (await client.formKey({ keyType: '413', scheme: 'U', components: [CARD.dtk] })).underLmk;
    await expectRefusal(client.purseLoad({ keyType: '411', key: dlk, factors: [], ...LOAD, mac1: parseHex('06B1BEF4') }), 'PL', '01', 'MAC1');
    // a different balance than the card signed is a different MAC1 input
    await expectRefusal(client.purseLoad({ keyType: '411', key: dlk, factors: [], ...LOAD, balance: parseHex('00000001'), mac1: parseHex(GOLDEN.mac1) }), 'PL', '01', 'MAC1');
    await expectRefusal(client.verifyTac({ keyType: '413', key: dtk, factors: [], data: TAC_INPUT, tac: parseHex('ED0F8754') }), 'PT', '01', 'TAC');
  });

  it('disperses issuer master keys (two levels) into the card keys, in KD and inside PL/PT alike', async () => {
    const { client } = bench;
    // our own test master keys (no public master-key vector exists: psam_hsm.md §8)
    const mlkClear = parseHex('11223344556677888877665544332211');
    const mtkClear = parseHex('00112233445566778899AABBCCDDEEFF');
    const factors = [parseHex('4300FF0000000000'), parseHex('0000000012345678')];
    const mlk = (await client.formKey({ keyType: '401', scheme: 'U', components: [mlkClear] })).underLmk;
    const mtk = (await client.formKey({ keyType: '403', scheme: 'U', components: [mtkClear] })).underLmk;
    const dlkClear = diversifyKey(diversifyKey(mlkClear, factors[0]!), factors[1]!);
    const dtkClear = diversifyKey(diversifyKey(mtkClear, factors[0]!), factors[1]!);

    const derived = await client.deriveKey({ keyType: '401', key: mlk, factors });
    expect(derived.keyType).to.equal('411');
    expect(toCompactHex(derived.checkValue)).to.equal(toCompactHex(keyCheckValue(tdes(dlkClear))));

    // the card side of the load, computed with src/crypto from the card key
    const seslk = sessionKey(dlkClear, concatBytes(LOAD.random, LOAD.onlineSeq, parseHex('8000')));
    const mac1 = purseMac(seslk, concatBytes(LOAD.balance, LOAD.amount, Uint8Array.of(2), LOAD.terminal));
    const expectedMac2 = purseMac(seslk, concatBytes(LOAD.amount, Uint8Array.of(2), LOAD.terminal, parseHex('20140825103100')));
    const request: LoadRequest = { keyType: '401', key: mlk, factors, ...LOAD, mac1 };
    expect(toCompactHex(await client.purseLoad(request))).to.equal(toCompactHex(expectedMac2));
    // the card key derived by KD serves the same load with no factor
    expect(toCompactHex(await client.purseLoad({ ...request, keyType: '411', key: derived.underLmk, factors: [] }))).to.equal(toCompactHex(expectedMac2));

    const tac = purseMac(foldTacKey(dtkClear), TAC_INPUT);
    await client.verifyTac({ keyType: '403', key: mtk, factors, data: TAC_INPUT, tac });
    // one level fewer is another card key: the TAC does not verify
    await expectRefusal(client.verifyTac({ keyType: '403', key: mtk, factors: factors.slice(0, 1), data: TAC_INPUT, tac }), 'PT', '01', 'TAC');
  });

  it('refuses a key of the wrong type or level for the use (05)', async () => {
    const { client } = bench;
    const mlk = (await client.formKey({ keyType: '401', scheme: 'U', components: [CARD.dlk] })).underLmk;
    const mac = (await client.generateKey({ keyType: '008', scheme: 'U' })).underLmk;
    // a master key without dispersion, a card key with it, a MAC key, a load key for a TAC
    await expectRefusal(client.purseLoad({ keyType: '401', key: mlk, factors: [], ...LOAD, mac1: parseHex(GOLDEN.mac1) }), 'PL', '05', 'key type');
    await expectRefusal(client.purseLoad({ keyType: '411', key: mlk, factors: [parseHex('0000000000000001')], ...LOAD, mac1: parseHex(GOLDEN.mac1) }), 'PL', '05', 'key type');
    await expectRefusal(client.purseLoad({ keyType: '008', key: mac, factors: [], ...LOAD, mac1: parseHex(GOLDEN.mac1) }), 'PL', '05', 'key type');
    await expectRefusal(client.verifyTac({ keyType: '401', key: mlk, factors: [parseHex('0000000000000001')], data: TAC_INPUT, tac: parseHex(GOLDEN.tac) }), 'PT', '05', 'key type');
    await expectRefusal(client.deriveKey({ keyType: '008', key: mac, factors: [parseHex('0000000000000001')] }), 'KD', '05', 'key type');
  });
});
