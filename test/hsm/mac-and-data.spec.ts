import { expect } from 'chai';
import fc from 'fast-check';
import { parseHex, toCompactHex } from '../../src/core/hex.ts';
import { des, macAlgorithm1, macAlgorithm3, sm4, tdes } from '../../src/crypto/index.ts';
import type { KeyToken } from '../../src/hsm/index.ts';
import { openBench, type Bench } from './support/emulator.ts';
import { expectRefusal } from './support/expect-refusal.ts';

const MAC_KEY = parseHex('0123456789ABCDEF FEDCBA9876543210');
const SM4_KEY = parseHex('0123456789ABCDEFFEDCBA9876543210');
const DATA = Uint8Array.from(Buffer.from('4E6F77206973207468652074696D6520666F7220616C6C20', 'hex'));

describe('HSM emulator over TCP: MACs (ISO/IEC 9797-1) and data encryption', () => {
  let bench: Bench;
  let macKey: KeyToken;
  let sm4MacKey: KeyToken;
  let dataKey: KeyToken;
  let sm4DataKey: KeyToken;
  before(async () => {
    bench = await openBench();
    macKey = (await bench.client.formKey({ keyType: '008', scheme: 'U', components: [MAC_KEY] })).underLmk;
    sm4MacKey = (await bench.client.formKey({ keyType: '008', scheme: 'G', components: [SM4_KEY] })).underLmk;
    dataKey = (await bench.client.formKey({ keyType: '00A', scheme: 'U', components: [MAC_KEY] })).underLmk;
    sm4DataKey = (await bench.client.formKey({ keyType: '00A', scheme: 'G', components: [SM4_KEY] })).underLmk;
  });
  after(() => bench.close());

  const mac = (over: Partial<Parameters<Bench['client']['generateMac']>[0]> = {}) => ({
    algorithm: 1 as const, padding: 2 as const, macLength: 8, keyType: '008' as const, key: macKey, iv: new Uint8Array(8), data: DATA, ...over,
  });

  it('M6 algorithm 1 (3DES CBC-MAC) and algorithm 3 (retail MAC), padding 1 and 2, agree with src/crypto', async () => {
    const { client } = bench;
    expect(toCompactHex(await client.generateMac(mac()))).to.equal(toCompactHex(macAlgorithm1(tdes(MAC_KEY), DATA, { padding: 2 })));
    expect(toCompactHex(await client.generateMac(mac({ padding: 1 })))).to.equal(toCompactHex(macAlgorithm1(tdes(MAC_KEY), DATA, { padding: 1 })));
    expect(toCompactHex(await client.generateMac(mac({ algorithm: 3, macLength: 4 })))).to.equal(toCompactHex(macAlgorithm3(MAC_KEY, DATA, { padding: 2 }).slice(0, 4)));
    const iv = parseHex('1122334400000000');
    expect(toCompactHex(await client.generateMac(mac({ algorithm: 3, iv })))).to.equal(toCompactHex(macAlgorithm3(MAC_KEY, DATA, { padding: 2, iv })));
    // padding 1 and 2 differ on data that fills whole blocks (2 adds a block)
    expect(toCompactHex(await client.generateMac(mac({ padding: 1 })))).to.not.equal(toCompactHex(await client.generateMac(mac())));
  });

  it('M6 with an SM4 MAC key chains 16-byte blocks and may return all 16 bytes', async () => {
    const answer = await bench.client.generateMac(mac({ key: sm4MacKey, iv: new Uint8Array(16), macLength: 16 }));
    expect(toCompactHex(answer)).to.equal(toCompactHex(macAlgorithm1(sm4(SM4_KEY), DATA, { padding: 2 })));
  });

  it('M8 verifies a right MAC and refuses a wrong one with 01 naming the MAC', async () => {
    const right = await bench.client.generateMac(mac());
    await bench.client.verifyMac({ ...mac(), mac: right });
    await expectRefusal(bench.client.verifyMac({ ...mac(), mac: right.map((b, i) => (i === 7 ? b ^ 0x80 : b)) }), 'M8', '01', 'MAC');
  });

  it('refuses algorithm 3 with an SM4 key (12), a MAC length over the block (15), and a data key for a MAC (05)', async () => {
    await expectRefusal(bench.client.generateMac(mac({ algorithm: 3, key: sm4MacKey, iv: new Uint8Array(16) })), 'M6', '12', 'key scheme');
    await expectRefusal(bench.client.generateMac(mac({ macLength: 9 })), 'M6', '15', 'MAC length');
    await expectRefusal(bench.client.generateMac(mac({ keyType: '00A', key: dataKey })), 'M6', '05', 'key type');
  });

  it('property: a MAC the HSM generates verifies, and any one-byte change of the data fails (01)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom<1 | 3>(1, 3),
        fc.constantFrom<1 | 2>(1, 2),
        async (data, where, flip, algorithm, padding) => {
          const request = mac({ data, algorithm, padding });
          const generated = await bench.client.generateMac(request);
          await bench.client.verifyMac({ ...request, mac: generated });
          const changed = Uint8Array.from(data);
          changed[where % data.length]! ^= flip;
          await expectRefusal(bench.client.verifyMac({ ...request, data: changed, mac: generated }), 'M8', '01', 'MAC');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('M0/M2 encrypt and decrypt in ECB and CBC with 3DES and SM4 keys, as src/crypto does', async () => {
    const { client } = bench;
    const iv8 = parseHex('0102030405060708');
    const ecb = await client.encrypt({ mode: 'ECB', keyType: '00A', key: dataKey, data: DATA });
    expect(toCompactHex(ecb)).to.equal(toCompactHex(tdes(MAC_KEY).encryptEcb(DATA)));
    const cbc = await client.encrypt({ mode: 'CBC', keyType: '00A', key: dataKey, iv: iv8, data: DATA });
    expect(toCompactHex(cbc)).to.equal(toCompactHex(tdes(MAC_KEY).encryptCbc(iv8, DATA)));
    expect(toCompactHex(await client.decrypt({ mode: 'CBC', keyType: '00A', key: dataKey, iv: iv8, data: cbc }))).to.equal(toCompactHex(DATA));
    const block32 = DATA.subarray(0, 16);
    const sm4Cbc = await client.encrypt({ mode: 'CBC', keyType: '00A', key: sm4DataKey, iv: new Uint8Array(16), data: block32 });
    expect(toCompactHex(sm4Cbc)).to.equal(toCompactHex(sm4(SM4_KEY).encryptCbc(new Uint8Array(16), block32)));
    expect(toCompactHex(await client.decrypt({ mode: 'ECB', keyType: '00A', key: sm4DataKey, data: sm4(SM4_KEY).encryptEcb(block32) }))).to.equal(toCompactHex(block32));
  });

  it('M0 with a single-DES data key is plain DES', async () => {
    const key = parseHex('133457799BBCDFF1');
    const token = (await bench.client.formKey({ keyType: '00A', scheme: 'Z', components: [key] })).underLmk;
    // [the DES worked example of J. O. Grabbe, "The DES Algorithm Illustrated": 0123456789ABCDEF under 133457799BBCDFF1]
    expect(toCompactHex(await bench.client.encrypt({ mode: 'ECB', keyType: '00A', key: token, data: parseHex('0123456789ABCDEF') }))).to.equal('85E813540F0AB405');
    expect(toCompactHex(des(key).encryptEcb(parseHex('0123456789ABCDEF')))).to.equal('85E813540F0AB405');
  });

  it('refuses data that is not whole blocks (80 on data) and a MAC key for encryption (05)', async () => {
    await expectRefusal(bench.client.encrypt({ mode: 'ECB', keyType: '00A', key: dataKey, data: DATA.subarray(0, 7) }), 'M0', '80', 'data');
    await expectRefusal(bench.client.encrypt({ mode: 'ECB', keyType: '008', key: macKey, data: DATA }), 'M0', '05', 'key type');
  });
});
