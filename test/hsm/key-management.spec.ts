import { expect } from 'chai';
import { bytesEqual, parseHex, toCompactHex } from '../../src/core/hex.ts';
import { keyCheckValue, sm4, tdes } from '../../src/crypto/index.ts';
import { openBench, underTestZmk, ZMK_CLEAR, type Bench } from './support/emulator.ts';
import { expectRefusal } from './support/expect-refusal.ts';

describe('HSM emulator over TCP: keys are generated, formed, imported, exported and checked, never shown in clear', () => {
  let bench: Bench;
  beforeEach(async () => {
    bench = await openBench();
  });
  afterEach(() => bench.close());

  it('A0 generates a key whose export under the ZMK decrypts to a key of that check value, with odd parity', async () => {
    const { client, zmk } = bench;
    const made = await client.generateKey({ keyType: '008', scheme: 'U', zmk });
    expect(made.underZmk).to.not.equal(undefined);
    const clear = tdes(ZMK_CLEAR).decryptEcb(made.underZmk!.cryptogram);
    expect(toCompactHex(keyCheckValue(tdes(clear)))).to.equal(toCompactHex(made.checkValue));
    expect(clear.every((b) => b.toString(2).split('1').length % 2 === 0)).to.equal(true); // odd number of 1 bits
    // the cryptogram under the LMK is not the clear key, and BU agrees on the check value
    expect(bytesEqual(made.underLmk.cryptogram, clear)).to.equal(false);
    expect(toCompactHex(await client.checkValue({ keyType: '008', key: made.underLmk }))).to.equal(toCompactHex(made.checkValue));
  });

  it('A0 gives two different keys for two requests, and the same keys for the same seed', async () => {
    const first = await bench.client.generateKey({ keyType: '00A', scheme: 'T' });
    const second = await bench.client.generateKey({ keyType: '00A', scheme: 'T' });
    expect(toCompactHex(first.underLmk.cryptogram)).to.not.equal(toCompactHex(second.underLmk.cryptogram));
    const again = await openBench();
    try {
      const replayed = await again.client.generateKey({ keyType: '00A', scheme: 'T' });
      expect(toCompactHex(replayed.underLmk.cryptogram)).to.equal(toCompactHex(first.underLmk.cryptogram));
    } finally {
      await again.close();
    }
  });

  it('A6 imports a key sent under the ZMK when its check value matches; A8 exports it back to the same cryptogram', async () => {
    const { client, zmk } = bench;
    const clear = parseHex('374598B5C0B0EAE1E1D06609AC5BB369');
    const sent = underTestZmk('U', clear);
    const imported = await client.importKey({ keyType: '411', zmk, underZmk: sent, checkValue: keyCheckValue(tdes(clear)) });
    expect(toCompactHex(imported.checkValue)).to.equal(toCompactHex(keyCheckValue(tdes(clear))));
    const exported = await client.exportKey({ keyType: '411', zmk, underLmk: imported.underLmk });
    expect(toCompactHex(exported.underZmk.cryptogram)).to.equal(toCompactHex(sent.cryptogram));
  });

  it('A6 refuses a key whose check value does not match (11) and a parity-checked key with even bytes (10)', async () => {
    const { client, zmk } = bench;
    const clear = parseHex('0123456789ABCDEF FEDCBA9876543210');
    const wrongKcv = keyCheckValue(tdes(clear)).map((b, i) => (i === 0 ? b ^ 1 : b));
    await expectRefusal(client.importKey({ keyType: '008', zmk, underZmk: underTestZmk('U', clear), checkValue: wrongKcv }), 'A6', '11', 'KCV');
    const even = parseHex('0023456789ABCDEF FEDCBA9876543210');
    await expectRefusal(client.importKey({ keyType: '008', zmk, underZmk: underTestZmk('U', even), checkValue: keyCheckValue(tdes(even)) }), 'A6', '10', 'key under ZMK');
  });

  it('A4 forms a key from components (XOR) and refuses a parity-checked result with an even byte (10)', async () => {
    const { client } = bench;
    const formed = await client.formKey({ keyType: '00A', scheme: 'G', components: [parseHex('00112233445566778899AABBCCDDEEFF'), parseHex('0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F')] });
    const clear = parseHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
    expect(toCompactHex(formed.checkValue)).to.equal(toCompactHex(keyCheckValue(sm4(clear))));
    await expectRefusal(client.formKey({ keyType: '008', scheme: 'Z', components: [parseHex('0101010101010101'), parseHex('0101010101010101')] }), 'A4', '10', 'components');
  });

  it('refuses a scheme the key type does not take (12): a single-DES ZMK, an SM4 purse key', async () => {
    await expectRefusal(bench.client.generateKey({ keyType: '000', scheme: 'Z' }), 'A0', '12', 'key scheme');
    await expectRefusal(bench.client.generateKey({ keyType: '411', scheme: 'G' }), 'A0', '12', 'key scheme');
  });

  it('a key presented as another type does not pass: BU on a MAC key claimed to be a data key fails parity (10)', async () => {
    const mac = await bench.client.generateKey({ keyType: '008', scheme: 'U' });
    // the data-key LMK pair decrypts the MAC key's cryptogram to other bytes; random bytes fail odd parity
    await expectRefusal(bench.client.checkValue({ keyType: '00A', key: mac.underLmk }), 'BU', '10', 'key');
  });

  it('NC reports the check value of the test LMK and the firmware', async () => {
    const answer = await bench.client.diagnostics();
    expect(toCompactHex(answer.lmkCheckValue)).to.equal(toCompactHex(keyCheckValue(tdes(parseHex('0101010101010101 7902CD1FD36EF8BA')), 8)));
    expect(answer.firmware).to.equal('STBPAY001');
  });
});
